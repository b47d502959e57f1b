using System.Text;

namespace Reelforge.Rendering.Ffmpeg;

/// <summary>Keeps the last lines written to it, up to a character budget (for error messages).</summary>
internal sealed class BoundedTail(int maxChars)
{
    private readonly LinkedList<string> _lines = new();
    private int _chars;

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.AddLast(line);
            _chars += line.Length + 1;
            while (_chars > maxChars && _lines.Count > 1)
            {
                _chars -= _lines.First!.Value.Length + 1;
                _lines.RemoveFirst();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return new StringBuilder().AppendJoin('\n', _lines).ToString();
        }
    }
}
