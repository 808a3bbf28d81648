namespace FerEdge.Messaging.Tests;

/// <summary>Polls a condition until it holds or a timeout passes, so no test can hang.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueWithinAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
