namespace Reelforge.Engine;

/// <summary>Where this process keeps its blobs, logs and scratch space (and the `sqlite` provider its database file).</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Blobs => Path.Combine(Root, "blobs");
    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Scratch space for one job: scene clips live here as checkpoints until export.</summary>
    public string WorkDirectory(string jobId) => Path.Combine(Root, "work", jobId);

    public void DeleteWorkDirectory(string jobId)
    {
        var dir = WorkDirectory(jobId);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Deletes a job's scratch space unless something is still writing to it (a worker that has not
    /// yet seen its job deleted adds files while the tree is removed: "Directory not empty").
    /// Returns false then; <see cref="OrphanSweeper"/> removes the folder once no job owns it.
    /// </summary>
    public bool TryDeleteWorkDirectory(string jobId)
    {
        try
        {
            DeleteWorkDirectory(jobId);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
