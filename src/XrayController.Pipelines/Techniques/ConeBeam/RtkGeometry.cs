using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using MathNet.Numerics.LinearAlgebra;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// An RTK geometry file (<c>RTKThreeDCircularGeometry</c>, versions 2 and 3, as RTK's <c>rtksimulatedgeometry</c> and
/// its geometry writers make it), read as <see cref="StatedMatrices"/> in detector millimetres. Values given before
/// the first <c>Projection</c> hold for every projection, and a value a projection gives holds for the ones after it
/// until another is given, as RTK reads them. Each projection's matrix is built as RTK builds it: the point turned by
/// the gantry, out-of-plane and in-plane angles (ITK's Euler order, Z·X·Y, each angle negated), moved by the source
/// offset, projected from the source at SourceToIsocenterDistance onto the detector at SourceToDetectorDistance and
/// moved by the source less the projection offset; a <c>Matrix</c> the file gives must agree with it to 0.001. RTK's
/// frame has the rotation axis along y and the source at +z at gantry angle 0; this program's volume frame is RTK's
/// (x, −z, y), so the angles keep their sense and the source starts at −y. Cylindrical detectors, collimation and
/// parallel geometries (a source-to-detector distance of 0) are refused by name.
/// </summary>
public static class RtkGeometry
{
    private static readonly string[] Angles = ["GantryAngle", "Angle", "InPlaneAngle", "OutOfPlaneAngle"];

    private static readonly string[] Distances = ["SourceToIsocenterDistance", "SourceToDetectorDistance", "SourceOffsetX", "SourceOffsetY", "ProjectionOffsetX", "ProjectionOffsetY"];

    private static readonly string[] Unsupported = ["RadiusCylindricalDetector", "CollimationUInf", "CollimationUSup", "CollimationVInf", "CollimationVSup"];

    /// <summary>
    /// The matrices of the RTK geometry <paramref name="path"/>; the images' pixel pitch and the first pixel's position
    /// (RTK keeps them in the projection images, not the geometry) when known, else the scan's pixel and a centred panel.
    /// </summary>
    public static StatedMatrices Read(string path, double[]? spacingMm = null, double[]? originMm = null)
    {
        string name = Path.GetFileName(path);
        XElement root = Load(path, name);
        if (root.Name.LocalName != "RTKThreeDCircularGeometry")
        {
            throw new InputException($"{name}: the root element is <{root.Name.LocalName}>, not an RTK geometry's <RTKThreeDCircularGeometry>");
        }

        string? version = root.Attribute("version")?.Value;
        if (version is not ("2" or "3"))
        {
            throw new InputException($"{name}: RTK geometry version {version ?? "(none)"}; versions 2 and 3 are read");
        }

        var current = new Dictionary<string, double>(StringComparer.Ordinal);
        var matrices = new List<double[]>();
        double? sdd = null;
        foreach (XElement element in root.Elements())
        {
            if (element.Name.LocalName != "Projection")
            {
                Set(current, element, name);
                continue;
            }

            double[]? given = null;
            foreach (XElement value in element.Elements())
            {
                if (value.Name.LocalName == "Matrix")
                {
                    given = Numbers(value, name, 12);
                }
                else
                {
                    Set(current, value, name);
                }
            }

            double[] rtk = Matrix(current, name, matrices.Count);
            if (given is not null && given.Zip(rtk).Any(pair => Math.Abs(pair.First - pair.Second) > 1e-3))
            {
                throw new InputException($"{name}: projection {matrices.Count}'s Matrix does not agree with its parameters (to 0.001)");
            }

            sdd ??= current["SourceToDetectorDistance"];
            matrices.Add(InThisFrame(rtk));
        }

        return matrices.Count >= 2
            ? new StatedMatrices(matrices, sdd!.Value) { Millimetres = true, SpacingMm = spacingMm, OriginMm = originMm }
            : throw new InputException($"{name}: {matrices.Count} <Projection> elements; a tomogram needs at least two");
    }

    private static XElement Load(string path, string name)
    {
        try
        {
            using XmlReader reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root ?? throw new InputException($"{name}: an empty XML document");
        }
        catch (XmlException e)
        {
            throw new InputException($"{name}: not valid XML at line {e.LineNumber}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read the RTK geometry {path}: {e.Message}", e);
        }
    }

    /// <summary>Records one parameter element's value (angles in degrees, distances in mm), refusing what this program does not reconstruct.</summary>
    private static void Set(Dictionary<string, double> current, XElement element, string name)
    {
        string key = element.Name.LocalName;
        int line = ((IXmlLineInfo)element).LineNumber;
        if (Unsupported.Contains(key))
        {
            throw new InputException($"{name}, line {line}: <{key}> is not supported (this program reconstructs flat, uncollimated detectors)");
        }

        if (!Angles.Contains(key) && !Distances.Contains(key))
        {
            throw new InputException($"{name}, line {line}: unknown element <{key}>; an RTK geometry's are {string.Join(", ", Angles.Concat(Distances))}, Matrix and Projection");
        }

        current[key == "Angle" ? "GantryAngle" : key] = Numbers(element, name, 1)[0];
    }

    /// <summary>RTK's matrix of the projection the current values describe (in its frame, detector millimetres).</summary>
    private static double[] Matrix(Dictionary<string, double> current, string name, int index)
    {
        double Value(string key, double? fallback = 0) =>
            current.TryGetValue(key, out double v) ? v : fallback ?? throw new InputException($"{name}: projection {index} has no {key}");
        double sid = Value("SourceToIsocenterDistance", null);
        double sdd = Value("SourceToDetectorDistance", null);
        if (sdd == 0)
        {
            throw new InputException($"{name}: a SourceToDetectorDistance of 0 is RTK's parallel geometry; this reads cone beams (reconstruct parallel beams without --geometry)");
        }

        double degrees = Math.PI / 180;
        (double sourceX, double sourceY) = (Value("SourceOffsetX"), Value("SourceOffsetY"));
        Matrix<double> turn = Rotation(2, -Value("InPlaneAngle") * degrees) * Rotation(0, -Value("OutOfPlaneAngle") * degrees) * Rotation(1, -Value("GantryAngle", null) * degrees);
        Matrix<double> rigid = Matrix<double>.Build.DenseIdentity(4);
        rigid.SetSubMatrix(0, 0, turn);
        Matrix<double> moveSource = Matrix<double>.Build.DenseIdentity(4);
        (moveSource[0, 3], moveSource[1, 3]) = (-sourceX, -sourceY);
        Matrix<double> project = Matrix<double>.Build.DenseOfArray(new double[,] { { -sdd, 0, 0, 0 }, { 0, -sdd, 0, 0 }, { 0, 0, 1, -sid } });
        Matrix<double> moveImage = Matrix<double>.Build.DenseIdentity(3);
        (moveImage[0, 2], moveImage[1, 2]) = (sourceX - Value("ProjectionOffsetX"), sourceY - Value("ProjectionOffsetY"));
        Matrix<double> matrix = moveImage * project * moveSource * rigid;
        return [.. Enumerable.Range(0, 12).Select(i => matrix[i / 4, i % 4])];
    }

    /// <summary>A right-handed rotation by <paramref name="angle"/> about axis <paramref name="axis"/> (0 x, 1 y, 2 z).</summary>
    private static Matrix<double> Rotation(int axis, double angle)
    {
        (double sin, double cos) = Math.SinCos(angle);
        (int a, int b) = ((axis + 1) % 3, (axis + 2) % 3);
        Matrix<double> rotation = Matrix<double>.Build.DenseIdentity(3);
        (rotation[a, a], rotation[a, b], rotation[b, a], rotation[b, b]) = (cos, -sin, sin, cos);
        return rotation;
    }

    /// <summary>An RTK matrix for points in this program's frame: its x is RTK's x, its y RTK's −z, its z RTK's y.</summary>
    private static double[] InThisFrame(double[] rtk)
    {
        var ours = new double[12];
        for (int row = 0; row < 3; row++)
        {
            (ours[row * 4], ours[(row * 4) + 1], ours[(row * 4) + 2], ours[(row * 4) + 3]) = (rtk[row * 4], -rtk[(row * 4) + 2], rtk[(row * 4) + 1], rtk[(row * 4) + 3]);
        }

        return ours;
    }

    private static double[] Numbers(XElement element, string name, int count)
    {
        string[] words = element.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        double[] numbers = [.. words.Select(w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN)];
        return numbers.Length == count && !numbers.Any(double.IsNaN)
            ? numbers
            : throw new InputException($"{name}, line {((IXmlLineInfo)element).LineNumber}: <{element.Name.LocalName}> must hold {count} number{(count == 1 ? "" : "s")}");
    }
}
