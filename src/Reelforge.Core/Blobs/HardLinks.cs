using System.Runtime.InteropServices;

namespace Reelforge.Blobs;

/// <summary>
/// A second name for a file's bytes: a scene clip checkpointed into the local blob store costs a
/// directory entry, not a copy. Falls back to copying where links cannot be made (another file
/// system, a file system without them, or not Unix).
/// </summary>
internal static partial class HardLinks
{
    /// <summary>Gives <paramref name="source"/>'s bytes the name <paramref name="target"/>, replacing what is there.</summary>
    public static void LinkOrCopy(string source, string target)
    {
        // Linked to a temp name and renamed over the target: link() refuses an existing name, and
        // a reader never sees the target missing or half written.
        var temp = target + ".link-" + Guid.NewGuid().ToString("N");
        if (!TryLink(source, temp))
        {
            File.Copy(source, temp);
        }
        try
        {
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static bool TryLink(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        try
        {
            return link(source, target) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string oldpath, string newpath);
}
