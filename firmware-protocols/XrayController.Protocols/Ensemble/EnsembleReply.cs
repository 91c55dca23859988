using System.Globalization;

namespace XrayController.Protocols.Ensemble;

/// <summary>How the controller took a command: the first character of every reply (Ensemble help, "ASCII Command Interface").</summary>
public enum EnsembleReplyKind
{
    /// <summary><c>%</c>: acknowledged; a query's value follows.</summary>
    Acknowledged,

    /// <summary><c>!</c>: not acknowledged: the command was not understood (syntax, unknown command).</summary>
    NotAcknowledged,

    /// <summary><c>#</c>: the command was understood but faulted (e.g. a move beyond a limit).</summary>
    Fault,

    /// <summary><c>$</c>: the controller timed out executing the command.</summary>
    Timeout,
}

/// <summary>One reply line of the Ensemble ASCII interface: its kind and the text after the first character.</summary>
public readonly record struct EnsembleReply(EnsembleReplyKind Kind, string Payload)
{
    public static EnsembleReply Ack(string payload = "") => new(EnsembleReplyKind.Acknowledged, payload);

    public static EnsembleReply Nak => new(EnsembleReplyKind.NotAcknowledged, string.Empty);

    public static EnsembleReply Faulted => new(EnsembleReplyKind.Fault, string.Empty);

    /// <summary>Parses a reply line (without its terminator); false when the first character is not one of <c>% ! # $</c>.</summary>
    public static bool TryParse(string line, out EnsembleReply reply)
    {
        ArgumentNullException.ThrowIfNull(line);
        reply = default;
        if (line.Length == 0)
        {
            return false;
        }

        EnsembleReplyKind? kind = line[0] switch
        {
            '%' => EnsembleReplyKind.Acknowledged,
            '!' => EnsembleReplyKind.NotAcknowledged,
            '#' => EnsembleReplyKind.Fault,
            '$' => EnsembleReplyKind.Timeout,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        reply = new EnsembleReply(kind.Value, line[1..]);
        return true;
    }

    /// <summary>The payload as a number (position, status word); false when it is not one.</summary>
    public bool TryGetNumber(out double value) =>
        double.TryParse(Payload, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public string Format() => Kind switch
    {
        EnsembleReplyKind.Acknowledged => "%" + Payload,
        EnsembleReplyKind.NotAcknowledged => "!" + Payload,
        EnsembleReplyKind.Fault => "#" + Payload,
        _ => "$" + Payload,
    };
}
