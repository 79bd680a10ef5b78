using Microsoft.Extensions.Hosting;

namespace Eggroll.Distributed;

/// <summary>
/// A host lifetime that leaves SIGINT and SIGTERM to the process: the default console lifetime would stop the silo on
/// a signal at once, mid-epoch, while the run loop wants to finish the epoch, save a checkpoint and then stop it.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
