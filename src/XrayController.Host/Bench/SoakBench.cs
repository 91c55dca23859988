using System.Diagnostics;
using System.Globalization;
using PureHDF;
using XrayController.Acquisition.Engine;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Host.Hosting;
using XrayController.Storage;

namespace XrayController.Host.Bench;

/// <summary>What a soak run found (the keys of <c>xrayctl bench soak --json</c>).</summary>
internal sealed record SoakReport(
    int FramesPlanned,
    int FramesInFile,
    int FramesMissing,
    int Duplicates,
    int Retakes,
    int Pauses,
    int FaultsInjected,
    int FaultsSurvived,
    int SafetyViolations,
    double PeakMemoryMb,
    double MemoryMbAtTenth,
    double MemoryMbAtEnd,
    double ManagedMbAtTenth,
    double ManagedMbAtNineTenths,
    string Status,
    double ScanTimeS,
    double WallS,
    IReadOnlyDictionary<string, int> FaultsByKind);

/// <summary>
/// A long scan on the in-process simulated soak instrument (<c>instruments/soak.json</c>) on a virtual clock — time as
/// fast as the machine runs it — through the real engine, the GPIO safety system on the simulated board, the BME280
/// binding on the simulated chip and the real file writer (journal and HDF5). Faults are injected at random frames:
/// beam dumps, interlock trips, temperature excursions, and the user's pauses (at the next checkpoint, or at once);
/// each lasts a random time. Afterwards the file is read back: every planned frame must be there exactly once.
/// </summary>
internal static class SoakBench
{
    private const int PeriodicSamples = 20;

    private static readonly string[] Kinds = ["beam_dump", "interlock_trip", "temperature_excursion", "pause", "pause_now"];

    public static async Task<SoakReport> RunAsync(InstrumentBuilder builder, InstrumentProfile profile, int frames, double faultsPerThousand, int seed, string directory, CancellationToken cancellationToken)
    {
        CompiledScan scan = Compile(profile, frames);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        await using InProcessAssembly instrument = builder.AssembleInProcess(profile, clock);
        string path = Path.Combine(directory, ScanFileNames.RawFile("soak", DateTimeOffset.UtcNow));
        var control = new ScanControl();
        var injector = new FaultInjector(new Random(seed), faultsPerThousand / 1000, clock, control, instrument, scan.Frames.Total);
        var wall = Stopwatch.StartNew();
        ScanEnded ended;
        await using (var writer = new ScanFileWriter(path, FrameCompression.None))
        {
            var provenance = new ScanProvenance(SoftwareVersion.Current, "(bench soak)", $"soak of {frames} frames", profile.Name, string.Empty, Simulated: true, TrueRotationAxisPx: null, path);
            ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, provenance, [writer, injector], cancellationToken, control).ConfigureAwait(false);
        }

        double wallS = wall.Elapsed.TotalSeconds;
        (int inFile, int duplicates, int missing) = Audit(path, scan.Frames.Total);
        int survived = ended.Status == ScanStatus.Completed ? injector.Injected : ended.Pauses.Count(p => !double.IsNaN(p.EndS));
        return new SoakReport(
            scan.Frames.Total,
            inFile,
            missing,
            duplicates,
            ended.Retakes,
            ended.Pauses.Count,
            injector.Injected,
            survived,
            instrument.Board.SafetyViolations().Count,
            injector.PeakMemoryMb,
            injector.MemoryMbAtTenth,
            injector.MemoryMbNow(),
            injector.ManagedMbAtTenth,
            injector.ManagedMbAtNineTenths,
            ended.Status.ToString().ToLowerInvariant(),
            ended.ElapsedS,
            wallS,
            injector.ByKind);
    }

    public static string Line(SoakReport r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Status}: {r.FramesInFile} of {r.FramesPlanned} frames in the file ({r.FramesMissing} missing, {r.Duplicates} duplicated), {r.Retakes} retaken, {r.Pauses} pauses; {r.FaultsInjected} faults injected ({string.Join(", ", r.FaultsByKind.Select(k => $"{k.Value} {k.Key}"))}), {r.FaultsSurvived} survived; {r.SafetyViolations} safety violations; memory {r.MemoryMbAtTenth:F0} MB at a tenth, {r.MemoryMbAtEnd:F0} MB at the end, peak {r.PeakMemoryMb:F0} MB, managed heap {r.ManagedMbAtTenth:F1} MB at a tenth and {r.ManagedMbAtNineTenths:F1} MB at nine tenths; {r.ScanTimeS:F0} s of scan time in {r.WallS:F1} s");

    private static CompiledScan Compile(InstrumentProfile profile, int frames)
    {
        int projections = Math.Max(1, frames - 30);
        string text = string.Create(CultureInfo.InvariantCulture, $$"""
            name: soak
            technique: parallel-ct
            instrument: {{profile.Name}}
            sample: { name: phantom, out_of_beam: { x_mm: 5.0 } }
            detector: { exposure_s: 0.001, binning: 1 }
            rotation: { start_deg: 0, range_deg: 180, count: {{projections}}, mode: step }
            flats: { count: 10, at: [start, end] }
            darks: { count: 10, at: [start] }
            reconstruction: { algorithm: none }
            """);
        PlanReadResult read = PlanReader.Read(text, "soak.yaml");
        return read.Succeeded ? PlanCompiler.Compile(read.Document!.Plan, profile) : throw new InvalidOperationException(string.Join("; ", read.Diagnostics));
    }

    /// <summary>Reads the file's frame log back: frames kept (image keys 0–2), seqs kept twice, planned seqs absent.</summary>
    private static (int InFile, int Duplicates, int Missing) Audit(string path, int planned)
    {
        using var file = H5File.OpenRead(path);
        long[] seqs = file.Dataset("/measurement/frames/seq").Read<long[]>();
        int[] keys = file.Dataset("/measurement/frames/image_key").Read<int[]>();
        long[] kept = [.. seqs.Where((_, i) => keys[i] != (int)FrameKind.Invalid)];
        int distinct = kept.Distinct().Count();
        int planMatches = kept.Distinct().Count(s => s >= 0 && s < planned);
        return (kept.Length, kept.Length - distinct, planned - planMatches);
    }

    /// <summary>A sink that, after frames, injects a fault now and then (one at a time) and samples the process's memory.</summary>
    private sealed class FaultInjector(Random random, double probability, VirtualClock clock, ScanControl control, InProcessAssembly instrument, int planned) : IScanSink
    {
        private readonly Dictionary<string, int> _byKind = Kinds.ToDictionary(k => k, _ => 0);
        private int _frames;
        private bool _active;

        public int Injected { get; private set; }

        public IReadOnlyDictionary<string, int> ByKind => _byKind;

        public double PeakMemoryMb { get; private set; }

        public double MemoryMbAtTenth { get; private set; }

        /// <summary>The managed heap after a full collection, a tenth and nine tenths into the run: what the run keeps, without the collector's slack.</summary>
        public double ManagedMbAtTenth { get; private set; }

        public double ManagedMbAtNineTenths { get; private set; }

        public double MemoryMbNow() => Environment.WorkingSet / 1048576.0;

        public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
        {
            _frames++;
            if (_frames % Math.Max(1, planned / PeriodicSamples) == 0)
            {
                PeakMemoryMb = Math.Max(PeakMemoryMb, MemoryMbNow());
                if (_frames <= planned / 10 + Math.Max(1, planned / PeriodicSamples))
                {
                    MemoryMbAtTenth = MemoryMbNow();
                    ManagedMbAtTenth = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                }
                else if (ManagedMbAtNineTenths == 0 && _frames >= planned * 9 / 10)
                {
                    ManagedMbAtNineTenths = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                }
            }

            if (!_active && random.NextDouble() < probability)
            {
                Inject(Kinds[random.Next(Kinds.Length)], 0.1 + (random.NextDouble() * 1.5));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
        {
            PeakMemoryMb = Math.Max(PeakMemoryMb, MemoryMbNow());
            return ValueTask.CompletedTask;
        }

        private void Inject(string kind, double durationS)
        {
            _active = true;
            Injected++;
            _byKind[kind]++;
            TimeSpan duration = TimeSpan.FromSeconds(durationS);
            switch (kind)
            {
                case "beam_dump":
                    instrument.Fakes.Beam!.Dump(durationS);
                    break;
                case "interlock_trip":
                    instrument.Board.OpenDoor();
                    clock.Schedule(duration, instrument.Board.CloseDoor);
                    break;
                case "temperature_excursion":
                    instrument.Air.Excursion(durationS);
                    break;
                default:
                    // Nothing moves the virtual clock while a user's pause holds the scan: the "user" resumes after a
                    // short real wait instead.
                    control.Pause();
                    if (kind == "pause_now")
                    {
                        control.Pause();
                    }

                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
                        control.Resume();
                        _active = false;
                    });
                    return;
            }

            clock.Schedule(duration, () => _active = false);
        }
    }
}
