using ScottPlot;

namespace XrayController.Analysis.Output;

/// <summary>How every figure is kept: NAME.png for a glance and NAME.svg for a paper, the same size.</summary>
internal static class FigureFiles
{
    /// <returns>The two paths, PNG first.</returns>
    public static string[] Save(Plot plot, string name, int width, int height)
    {
        plot.SavePng(name + ".png", width, height);
        plot.SaveSvg(name + ".svg", width, height);
        return [name + ".png", name + ".svg"];
    }
}
