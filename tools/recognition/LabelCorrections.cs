// Labels of a development set corrected to what its photos show (tools/recognition/labels/<set folder>.corrections.csv),
// shared by evaluate and replay. plates-dev-toll came with the names its source gave its files, and 17 of them are not
// the plate in the photo: a reader that reads the photo right was counted as a confident wrong read (docs/recognition.md).
using System.Text;

namespace SmartParking.Tools.Recognition;

internal static class LabelCorrections
{
    /// <summary>
    /// The corrections for the photo folder <paramref name="folder"/> (by its name), or none when the repository keeps
    /// none or <paramref name="off"/>. A correction applies only while the set's label is still the one it corrects.
    /// </summary>
    public static IReadOnlyDictionary<string, (string Label, string OnPhoto)> For(string repository, string folder, bool off)
    {
        var file = Path.Combine(repository, "tools", "recognition", "labels", Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')) + ".corrections.csv");
        if (off || !File.Exists(file))
        {
            return new Dictionary<string, (string, string)>();
        }

        return File.ReadAllLines(file, Encoding.UTF8).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (p[1].Trim(), p[2].Trim()));
    }

    /// <summary>The plate to measure against: the photo's where the label is the one corrected, else the label.</summary>
    public static string Apply(IReadOnlyDictionary<string, (string Label, string OnPhoto)> corrections, string file, string label, ref int applied)
    {
        if (corrections.TryGetValue(file, out var c) && c.Label == label)
        {
            applied++;
            return c.OnPhoto;
        }

        return label;
    }
}
