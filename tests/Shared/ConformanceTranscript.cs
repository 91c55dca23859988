using System.Globalization;
using System.Text;

namespace XrayController.Tests.Shared;

/// <summary>What a line of a transcript says (see <c>firmware-protocols/conformance/README.md</c>).</summary>
internal enum TranscriptStepKind
{
    Send,
    Reply,
    Advance,
    Fault,
    Pulses,
    Result,
    Failure,
}

internal sealed record TranscriptStep(TranscriptStepKind Kind, string Text, int Line);

/// <summary>A section: a driver operation with its arguments (or <c>raw</c>) and its steps.</summary>
internal sealed record TranscriptSection(string Operation, IReadOnlyList<string> Arguments, IReadOnlyList<TranscriptStep> Steps, int Line)
{
    public bool IsRaw => Operation == "raw";

    public override string ToString() => $"line {Line}: {Operation} {string.Join(' ', Arguments)}";

    public double Number(int index) => double.Parse(Arguments[index], CultureInfo.InvariantCulture);
}

/// <summary>Reads a conformance transcript of <c>firmware-protocols/conformance</c>.</summary>
internal static class ConformanceTranscript
{
    public static string PathOf(string name) => System.IO.Path.Combine(RepositoryPaths.Root, "firmware-protocols", "conformance", name);

    public static IReadOnlyList<TranscriptSection> Load(string name)
    {
        var sections = new List<TranscriptSection>();
        string? operation = null;
        string[] arguments = [];
        int sectionLine = 0;
        var steps = new List<TranscriptStep>();
        string[] lines = File.ReadAllLines(PathOf(name));
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Close();
                string[] words = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                operation = words[0];
                arguments = words[1..];
                sectionLine = i + 1;
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (operation is null)
            {
                throw new InvalidDataException($"{name}:{i + 1}: a step before the first section");
            }

            steps.Add(Parse(line, i + 1, name));
        }

        Close();
        return sections;

        void Close()
        {
            if (operation is not null)
            {
                sections.Add(new TranscriptSection(operation, arguments, [.. steps], sectionLine));
            }

            steps.Clear();
        }
    }

    /// <summary>The bytes of a command or reply as written, <c>\xNN</c> escapes expanded (Latin-1).</summary>
    public static string Unescape(string text)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x')
            {
                result.Append((char)int.Parse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static TranscriptStep Parse(string line, int number, string name)
    {
        string rest = line.Length > 2 ? line[2..] : string.Empty;
        return line[0] switch
        {
            '>' => new TranscriptStep(TranscriptStepKind.Send, Unescape(rest), number),
            '<' => new TranscriptStep(TranscriptStepKind.Reply, Unescape(rest), number),
            '=' => new TranscriptStep(TranscriptStepKind.Result, rest, number),
            '!' => new TranscriptStep(TranscriptStepKind.Failure, rest, number),
            '@' when rest.StartsWith("advance ", StringComparison.Ordinal) => new TranscriptStep(TranscriptStepKind.Advance, rest[8..], number),
            '@' when rest.StartsWith("fault ", StringComparison.Ordinal) => new TranscriptStep(TranscriptStepKind.Fault, rest[6..], number),
            '@' when rest.StartsWith("pulses ", StringComparison.Ordinal) => new TranscriptStep(TranscriptStepKind.Pulses, rest[7..], number),
            _ => throw new InvalidDataException($"{name}:{number}: cannot read '{line}'"),
        };
    }
}
