using FerEdge.Core.Security;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>The accounts the dashboard tests log in with: a caregiver, an admin and a robot, with fixed passwords.</summary>
internal static class DashboardUsers
{
    public const string Caregiver = "carol";
    public const string CaregiverPassword = "carol-password-1";
    public const string Admin = "ada";
    public const string AdminPassword = "ada-password-1";
    public const string Robot = "robbie";
    public const string RobotPassword = "robbie-password-1";

    /// <summary>A user store holding the three accounts (every device reachable).</summary>
    public static TestUsers Create() => new TestUsers()
        .With(Caregiver, Role.Caregiver, CaregiverPassword)
        .With(Admin, Role.Admin, AdminPassword)
        .With(Robot, Role.Robot, RobotPassword);
}
