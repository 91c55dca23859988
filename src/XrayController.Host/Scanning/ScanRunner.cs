using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Engine;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Host.Hosting;
using XrayController.Host.Output;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Reports;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators;
using XrayController.Simulators.Truth;
using XrayController.Storage;
using XrayController.Storage.Journal;
using XrayController.Streaming;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Scanning;

/// <summary>
/// Runs one scan from the command line. Everything that can be wrong with the input is checked before anything is
/// written or bound: the plan and profile, that the instrument can be simulated, the output folder and file, the stream
/// endpoint. Then the engine runs on the simulated instrument with its sinks, in this order: the service's monitor when
/// there is one (it only stamps the time a frame left the engine and keeps a copy to show), the HDF5 writer (every
/// frame is on its way to disk before the stream or anyone else sees it), the frame publisher and the progress display.
/// </summary>
internal sealed class ScanRunner(InstrumentCatalog catalog, InstrumentBuilder builder, TechniqueList techniques, IOptions<XrayControllerOptions> options, ILoggerFactory loggers)
{
    private static readonly TimeSpan LiveIdleTimeout = TimeSpan.FromSeconds(60);

    public async Task<ScanSummary> RunAsync(ScanRequest request, TextWriter progressOutput, CancellationToken cancellationToken)
    {
        XrayControllerOptions settings = options.Value;
        string outputDirectory = request.OutputDirectory ?? settings.OutputDirectory;
        PlanCheckReport report = Check(request, outputDirectory);
        CompiledScan scan = report.Scan!;
        (InstrumentProfile profile, string? faultsText) = WithFaults(report.Profile!, request.FaultsPath);
        if (profile.Simulated && SimulationScene.WhyNotSimulatable(profile) is { } reason)
        {
            throw new InputException($"cannot simulate this scan: {reason}");
        }

        await RecoverInterruptedAsync(outputDirectory, progressOutput).ConfigureAwait(false);
        string rawFile = ScanOutputFile.Prepare(outputDirectory, scan.Plan.Name, DateTimeOffset.UtcNow, request.Overwrite);
        string endpoint = request.Publish ?? settings.StreamEndpoint;
        await using FramePublisher? publisher = endpoint == "off" ? null : BindPublisher(endpoint, chosen: request.Publish is not null, settings.StreamHighWatermark, progressOutput);
        bool live = request.Live && publisher is not null && scan.Plan.Reconstruction.Algorithm != ReconstructionAlgorithm.None;
        var ring = new FrameRingBuffer(FrameRingBuffer.DefaultCapacity);
        await using FrameSubscriber? subscriber = live ? FrameSubscriber.Connect(publisher!.Endpoint, ring, logger: loggers.CreateLogger<FrameSubscriber>()) : null;
        if (publisher is not null)
        {
            // The built-in live reconstruction is one of the subscribers; it must be subscribed before the first frame.
            int wanted = request.WaitSubscribers + (live ? 1 : 0);
            if (request.WaitSubscribers > 0)
            {
                await progressOutput.WriteLineAsync($"waiting for {request.WaitSubscribers} subscriber(s) on {publisher.Endpoint}").ConfigureAwait(false);
            }

            await publisher.WaitForSubscribersAsync(wanted, cancellationToken).ConfigureAwait(false);
        }

        using var time = new ScaledTimeProvider(request.Speed);
        await using AssembledInstrument instrument = await builder.ConnectAsync(profile, time, cancellationToken).ConfigureAwait(false);
        SimulationScene? scene = instrument.Scene;
        var provenance = new ScanProvenance(
            SoftwareVersion.Current,
            request.PlanPath,
            report.Document!.Text,
            report.ProfileFile!.Source,
            report.ProfileFile.Text!,
            profile.Simulated,
            scene?.RotationAxisPxAt(scan.Plan),
            rawFile)
        {
            FaultsFile = faultsText is null ? null : (request.FaultsPath!, faultsText),
            StreamEndpoint = publisher?.Endpoint,
        };
        DryRunEstimate estimate = report.Estimate!;
        LiveReconstruction? reconstruction = subscriber is null ? null : new LiveReconstruction(techniques, loggers.CreateLogger<LiveReconstruction>());
        double[] timeline = DryRunEstimator.FrameTimeline(scan);
        request.Monitor?.Prepare(timeline, estimate.Duration.TotalSeconds, request.Speed);
        request.Monitor?.Attach(publisher, subscriber is null ? null : ring, reconstruction);
        request.Monitor?.Watch(instrument.Devices);
        Task<LiveResult>? liveTask = reconstruction?.RunAsync(subscriber!, ring, LiveRequestFor(scan, rawFile), CancellationToken.None);
        await using var writer = new ScanFileWriter(rawFile, profile.Storage.Compression);
        var engine = new ScanEngine(instrument.Devices, time, loggers.CreateLogger<ScanEngine>()) { FreeDiskBytes = () => DiskSpace.FreeBytes(outputDirectory) };
        var wall = System.Diagnostics.Stopwatch.StartNew();
        ScanEnded ended = await Progress(progressOutput).StartAsync(async context =>
        {
            ProgressTask task = context.AddTask("scan", autoStart: false, maxValue: scan.Frames.Total);
            var progress = new ProgressSink(task, timeline, estimate.Duration.TotalSeconds, request.Speed);
            IScanSink[] sinks = [.. Watching(request.Monitor?.Sink), writer, .. Watching(publisher), progress];
            ScanControl control = request.Control ?? TerminalScanControl.Attach();
            control.StateChanged += state => progress.Show(state, control.Hold?.Reason);
            control.StateChanged += state => request.Monitor?.Track(state, control.Hold?.Reason);
            return await engine.RunAsync(scan, provenance, sinks, cancellationToken, control).ConfigureAwait(false);
        }).ConfigureAwait(false);
        double wallS = wall.Elapsed.TotalSeconds;
        void Announce(string stage)
        {
            progressOutput.WriteLine($"after the scan: {stage}");
            request.Monitor?.Stage(stage);
        }

        if (liveTask is { IsCompleted: false })
        {
            Announce("finishing the live reconstruction");
        }

        LiveResult? liveResult = liveTask is null ? null : await liveTask.ConfigureAwait(false);
        (string? streamEndpoint, int streamSubscribers, long streamMessages) = (publisher?.Endpoint, publisher?.Subscribers ?? 0, publisher?.MessagesSent ?? 0);
        if (publisher is not null)
        {
            // The stream is the acquisition's: its subscribers see it end before the work after the scan.
            await publisher.DisposeAsync().ConfigureAwait(false);
        }

        ITechnique? technique = techniques.ForPlan(scan.Plan.Technique);
        var context = new PostScanContext(rawFile, scan, ended, liveResult, scene is null ? ScanTruth.None : SimulationTruth.Of(scene)) { OnStage = stage => Announce(stage.ToString()) };
        ITechniqueOutcome? outcome = technique is null ? null : await Task.Run(() => technique.AfterScan(context, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        request.Monitor?.Finish(liveResult, liveResult?.OutputPath ?? outcome?.VolumeFile);
        return ScanReport.Write(new ScanSummary(
            scan.Plan.Name,
            profile.Name,
            profile.Simulated,
            ended,
            scan.Frames,
            rawFile,
            wallS,
            estimate.Duration.TotalSeconds / request.Speed,
            request.Speed,
            streamEndpoint,
            streamSubscribers,
            streamMessages,
            liveResult)
        {
            Techniques = TechniqueSection.For(techniques, technique, outcome),
            SimulatedEnergyOffsetEv = ended.Calibration is not null && profile.Simulated ? profile.Simulation?.EnergyOffsetEv : null,
        });
    }

    private static IScanSink[] Watching(IScanSink? sink) => sink is null ? [] : [sink];

    /// <summary>Before a new scan writes into a folder, the scans there whose process died are turned into files (xrayctl recover).</summary>
    private static async Task RecoverInterruptedAsync(string outputDirectory, TextWriter output)
    {
        foreach (string journal in ScanRecovery.FindJournals(outputDirectory))
        {
            try
            {
                RecoveredScan recovered = ScanRecovery.Recover(journal);
                await output.WriteLineAsync(RecoveryText.Line(recovered)).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                await output.WriteLineAsync($"xrayctl: could not recover {journal}: {e.Message}; it is left as it is").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The live reconstruction a plan asks for: its filter and centre (auto means found from the whole scan at the end);
    /// flats interpolated when the plan takes flats after the start, which also makes the final volume an offline pass.
    /// </summary>
    private static LiveRequest LiveRequestFor(CompiledScan scan, string rawFile)
    {
        ReconstructionSettings settings = scan.Plan.Reconstruction;
        ReferenceSchedule flats = scan.Plan.Flats;
        bool laterFlats = flats.EveryNProjections is not null || flats.At.Any(p => p != ReferencePoint.Start);
        return new LiveRequest(
            "in-process",
            OfflineReconstruction.DefaultOutput(rawFile),
            settings.CenterPx,
            settings.CenterPx is null,
            settings.Filter,
            laterFlats ? FlatMode.Interpolated : FlatMode.Preceding,
            RingRemoval.None,
            ZingerRemoval: true,
            FullVolume: null,
            PreviewAt: null,
            LiveRequest.ScanMemoryBudgetBytes,
            FrameRingBuffer.DefaultCapacity,
            LiveIdleTimeout)
        {
            DeltaBeta = settings.DeltaBeta,
        };
    }

    private PlanCheckReport Check(ScanRequest request, string outputDirectory)
    {
        string? planDirectory = Path.GetDirectoryName(Path.GetFullPath(request.PlanPath));
        PlanCheckReport report = PlanCheck.Run(PlanFiles.Read(request.PlanPath), name => catalog.Find(name, planDirectory), request.Instrument, DiskSpace.FreeBytes(outputDirectory), outputDirectory);
        Diagnostic[] violations = [.. report.Violations];
        return violations.Length == 0
            ? report
            : throw new InputException($"{request.PlanPath} is not valid: {violations.Length} violation{(violations.Length == 1 ? string.Empty : "s")}; first: {violations[0]} (xrayctl plan check lists them all)");
    }

    /// <summary>The profile with a fault-injection file's faults added to its simulation's (a real instrument takes none), and the file's text.</summary>
    private static (InstrumentProfile Profile, string? Text) WithFaults(InstrumentProfile profile, string? path)
    {
        if (path is null)
        {
            return (profile, null);
        }

        if (!profile.Simulated || profile.Simulation is null)
        {
            throw new InputException($"--faults injects faults into the simulated instrument; '{profile.Name}' drives real devices");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the faults file {path}: {e.Message}", e);
        }

        (IReadOnlyList<SimulatedFault>? faults, IReadOnlyList<Diagnostic> diagnostics) = FaultsFileReader.Read(text, path, profile);
        return faults is null
            ? throw new InputException($"{path} is not a valid faults file: {string.Join("; ", diagnostics.Where(d => d.IsError))}")
            : (profile with { Simulation = profile.Simulation with { Faults = [.. profile.Simulation.Faults, .. faults] } }, text);
    }

    /// <summary>
    /// Binds the frame stream. The configured default endpoint, when another program or another user's scan holds it,
    /// gives way to a port the system chooses on the same interface, with a warning (the file and the summary record the
    /// endpoint used); an endpoint the user chose (<c>--publish</c>) is used as given or refused.
    /// </summary>
    private static FramePublisher BindPublisher(string endpoint, bool chosen, int highWatermark, TextWriter progressOutput)
    {
        try
        {
            return FramePublisher.Bind(endpoint, highWatermark);
        }
        catch (StreamEndpointException e) when (!chosen && e.InUse && endpoint.LastIndexOf(':') is var colon and > 0)
        {
            FramePublisher publisher = BindPublisher(endpoint[..colon] + ":*", chosen: true, highWatermark, progressOutput);
            progressOutput.WriteLine($"warning: the default frame stream endpoint {endpoint} is in use (another program, or another user's scan); publishing on {publisher.Endpoint} instead (--publish chooses one)");
            return publisher;
        }
        catch (StreamEndpointException e)
        {
            throw new InputException(e.Message, e);
        }
    }

    private static Spectre.Console.Progress Progress(TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left });
    }

}
