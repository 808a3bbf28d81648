namespace FerEdge.Host.Hosting;

/// <summary>
/// The device's users, credentials and certificates (<see cref="DeviceSecurity.Open"/>) opening on a thread-pool
/// thread from the moment <c>fer-edge run</c>'s host is built, while the source opens and the models load: the
/// broker, which needs them, starts after the longest of the three instead of after their sum. Owns the security
/// state once opened.
/// </summary>
/// <remarks>Thread-safe: <see cref="GetAsync"/> may be awaited by any service.</remarks>
public sealed class SecurityLoading : IDisposable
{
    private readonly Task<DeviceSecurity> _security;

    private SecurityLoading(Task<DeviceSecurity> security) => _security = security;

    /// <summary>Starts <paramref name="open"/> on the thread pool.</summary>
    public static SecurityLoading Start(Func<DeviceSecurity> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return new SecurityLoading(Task.Run(open));
    }

    /// <summary>The opened security state; rethrows what failed the opening (a corrupt state file, an open secret).</summary>
    public Task<DeviceSecurity> GetAsync(CancellationToken cancellationToken) => _security.WaitAsync(cancellationToken);

    /// <summary>Waits for the opening to end, then disposes the state if it succeeded.</summary>
    public void Dispose()
    {
        try
        {
            _security.Wait();
        }
        catch (AggregateException)
        {
            // The failure reached whoever awaited it; nothing was opened to dispose.
            return;
        }

        _security.Result.Dispose();
    }
}
