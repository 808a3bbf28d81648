namespace FerEdge.Dashboard;

/// <summary>Why a dashboard session ended.</summary>
public enum DashboardSessionEnd
{
    /// <summary>The caregiver logged out.</summary>
    LoggedOut,

    /// <summary>Its lifetime ran out.</summary>
    Expired,

    /// <summary>It was the oldest when the session limit was reached.</summary>
    Evicted,

    /// <summary>Its user's sessions were all ended (the password changed, or the user was removed).</summary>
    Revoked,
}
