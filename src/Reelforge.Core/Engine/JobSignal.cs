namespace Reelforge.Engine;

/// <summary>
/// Wakes every waiting worker loop at once when work arrives; a waiter that starts waiting after a
/// <see cref="Set"/> waits for the next one. Cheap: one task completion per signal.
/// </summary>
public sealed class JobSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task WaitAsync() => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
