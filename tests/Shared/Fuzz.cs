using System.Text;
using CsCheck;

namespace XrayController.Tests.Shared;

/// <summary>
/// Fuzzing of parsers that read outside input: inputs are valid ones from a corpus, mutated (bytes flipped, replaced,
/// inserted or deleted, a span duplicated or cut, two inputs spliced, the end truncated), or random bytes. A parser
/// must either accept an input or refuse it with one of its documented exceptions; anything else fails with the input
/// (CsCheck shrinks it and prints a seed to replay). The number of inputs per parser is XRAYCTL_FUZZ_INPUTS: 3000 by
/// default, CI's bounded pass; a million for a local run.
/// </summary>
public static class Fuzz
{
    public static long Inputs => long.TryParse(Environment.GetEnvironmentVariable("XRAYCTL_FUZZ_INPUTS"), out long n) && n > 0 ? n : 3000;

    /// <summary>Bytes mutated from the corpus (nine in ten) or random (one in ten).</summary>
    public static Gen<byte[]> Bytes(IReadOnlyList<byte[]> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        Gen<byte[]> random = Gen.Byte.Array[0, 256];
        Gen<byte[]> mutated = Gen.Int[0, corpus.Count - 1].SelectMany(i => Gen.Int[1, 8].SelectMany(count => Gen.UInt.Array[count].Select(ops => Mutate(corpus, corpus[i], ops))));
        return Gen.Frequency((9, mutated), (1, random));
    }

    /// <summary>Text mutated from the corpus (as UTF-8 bytes, so some mutations are not valid UTF-8: they decode to U+FFFD).</summary>
    public static Gen<string> Text(IReadOnlyList<string> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return Bytes([.. corpus.Select(Encoding.UTF8.GetBytes)]).Select(Encoding.UTF8.GetString);
    }

    /// <summary>Runs the parser on <see cref="Inputs"/> inputs; an exception not of the accepted types fails the test.</summary>
    public static void Check<T>(Gen<T> inputs, Action<T> parse, params Type[] accepted) => Check(inputs, parse, Inputs, accepted);

    /// <summary>Runs the parser on <paramref name="count"/> inputs; an exception not of the accepted types fails the test.</summary>
    public static void Check<T>(Gen<T> inputs, Action<T> parse, long count, params Type[] accepted)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parse);
        inputs.Sample(
            input =>
            {
                try
                {
                    parse(input);
                }
                catch (Exception e) when (accepted.Any(t => t.IsInstanceOfType(e)))
                {
                    // A refusal the parser documents: the input was bad and it said so.
                }
            },
            iter: count);
    }

    private static byte[] Mutate(IReadOnlyList<byte[]> corpus, byte[] seed, uint[] operations)
    {
        var data = new List<byte>(seed);
        foreach (uint op in operations)
        {
            int at = data.Count == 0 ? 0 : (int)((op >> 8) % (uint)data.Count);
            byte value = (byte)(op >> 24);
            switch (op % 8)
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << (int)((op >> 4) % 8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = value;
                    break;
                case 2:
                    data.Insert(at, value);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + (int)((op >> 4) % 16)));
                    break;
                case 4 when data.Count > 0:
                    data.InsertRange(at, data.GetRange(at, Math.Min(data.Count - at, 1 + (int)((op >> 4) % 32))));
                    break;
                case 5 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 6:
                    byte[] other = corpus[(int)(op >> 4) % corpus.Count];
                    int from = other.Length == 0 ? 0 : (int)(op >> 12) % other.Length;
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 64)).ToArray());
                    break;
                case 7 when data.Count > 0:
                    // Interesting values: boundary integers and characters that delimit fields.
                    byte[] special = [0, 0xFF, 0x7F, 0x80, (byte)'\n', (byte)':', (byte)'"', (byte)'-', (byte)'9', (byte)'{'];
                    data[at] = special[(op >> 4) % (uint)special.Length];
                    break;
                default:
                    break;
            }
        }

        return [.. data];
    }
}
