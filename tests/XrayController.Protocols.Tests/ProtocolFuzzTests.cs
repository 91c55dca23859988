using XrayController.Protocols.Ensemble;
using XrayController.Protocols.FrameStream;
using XrayController.Protocols.Gcs;
using XrayController.Protocols.Keithley6485;
using XrayController.Protocols.Simplon;
using XrayController.Tests.Shared;

namespace XrayController.Protocols.Tests;

/// <summary>
/// Every codec that reads outside input, fed mutated valid messages (the conformance transcripts' lines, encoded
/// stream messages) and random bytes: it accepts them or refuses them with its own exception, never anything else.
/// </summary>
public sealed class ProtocolFuzzTests
{
    /// <summary>The lines a transcript's device sent (<c>&lt; </c>) or received (<c>&gt; </c>), without the marker.</summary>
    private static string[] TranscriptLines(char marker, params string[] names) =>
    [
        .. names.SelectMany(name => File.ReadAllLines(ConformanceTranscript.PathOf(name)))
            .Where(line => line.Length > 2 && line[0] == marker && line[1] == ' ')
            .Select(line => line[2..])
            .Distinct(),
    ];

    [Fact]
    public void The_frame_stream_decoder_refuses_bad_messages_with_its_own_exception()
    {
        var start = new StreamStart(
            "4f1c", "demo", "cone-ct", "lab-demo", true, 630, 600, 20, 10, 96, 384, "uint16", 0.001, 1, 10.1, 49.5, 192.4,
            "cone", 50, 245, [0.0, 1.2, 2.4], [], [], [0.0, 0.67], "2026-11-25T06:00:00Z", "/data/x.h5");
        var image = new StreamImage("4f1c", 17, 0, 45.5, 8333.0, 1, 2, 3.25, 2, 3, "uint16", Enumerable.Range(0, 12).Select(i => (byte)i).ToArray());
        byte[][] corpus =
        [
            FrameStreamEncoder.Encode(start),
            FrameStreamEncoder.Encode(image),
            FrameStreamEncoder.Encode(new StreamEnd("4f1c", 630, "completed", null)),
            FrameStreamEncoder.Encode(new StreamEnd("4f1c", 12, "aborted", "operator")),
        ];

        Fuzz.Check(Fuzz.Bytes(corpus), bytes => FrameStreamDecoder.Decode(bytes), typeof(FrameStreamException));
    }

    [Fact]
    public void The_detector_stream_decoder_refuses_bad_messages_with_its_own_exception()
    {
        byte[][] corpus =
        [
            DetectorStreamCodec.Encode(new DetectorStreamStart(7, 96, 384, 0.001, 0.0013, 600, 1, "ints")),
            DetectorStreamCodec.Encode(new DetectorStreamImage(7, 3, 1000, 2000, 2, 2, new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 })),
            DetectorStreamCodec.Encode(new DetectorStreamEnd(7)),
        ];

        Fuzz.Check(Fuzz.Bytes(corpus), bytes => DetectorStreamCodec.Decode(bytes), typeof(DetectorStreamException));
    }

    [Fact]
    public void Ensemble_replies_and_commands_parse_or_are_refused_without_throwing()
    {
        string[] files = ["ensemble-step.txt", "ensemble-fly.txt", "ensemble-errors.txt"];

        Fuzz.Check(Fuzz.Text(TranscriptLines('<', files)), line => EnsembleReply.TryParse(line, out _));
        Fuzz.Check(Fuzz.Text(TranscriptLines('>', files)), line => EnsembleCommand.TryParse(line, out _));
    }

    [Fact]
    public void Gcs_replies_parse_or_are_refused_without_throwing()
    {
        Fuzz.Check(Fuzz.Text(TranscriptLines('<', "gcs-axis.txt", "gcs-shutter.txt")), line =>
        {
            GcsReply.Continues(line);
            GcsReply.TryGetAxisValue(line, "1", out string value);
            GcsReply.TryGetNumber(value ?? line, out _);
        });
    }

    [Fact]
    public void Keithley6485_replies_parse_or_are_refused_without_throwing_and_readings_round_trip()
    {
        Fuzz.Check(Fuzz.Text(TranscriptLines('<', "keithley-6485.txt")), line =>
        {
            if (Keithley6485Reading.TryParse(line, out Keithley6485Reading reading))
            {
                Assert.True(double.IsFinite(reading.CurrentA));
            }

            ScpiError.TryParse(line, out _);
        });
        foreach (double current in (double[])[2e-9, -3.5e-12, 0, 9.9e37, 1.234567e-3])
        {
            var reading = new Keithley6485Reading(current, 1234.5, 0);
            Assert.True(Keithley6485Reading.TryParse(reading.Format(), out Keithley6485Reading back));
            Assert.Equal(current, back.CurrentA, Math.Abs(current) * 1e-6);
            Assert.Equal(1234.5, back.TimestampS, 1.0);
        }

        Assert.Equal("+9.900000E+37A,+1.234E+03,+0.000E+00", new Keithley6485Reading(9.9e37, 1234.25, 0).Format());
        Assert.True(new Keithley6485Reading(9.9e37, 0, 0).IsOverflow);
        Assert.True(ScpiError.TryParse("-113,\"Undefined header\"", out ScpiError error));
        Assert.Equal((-113, "Undefined header"), (error.Code, error.Message));
        Assert.False(Keithley6485Reading.TryParse("+2.0E-09,+1.0E+00,+0.0E+00", out _));
        Assert.False(Keithley6485Reading.TryParse("+NaNA,+1.0E+00,+0.0E+00", out _));
    }
}
