using FerEdge.Training.Commands;

namespace FerEdge.Training;

/// <summary>Entry point of <c>fer-train</c>, the training, evaluation and export tool.</summary>
public static class Program
{
    private const string Usage = """
        usage: fer-train <command> [options]
          train [--data DIR] [--out DIR] [--root DIR] [--folds K] [--seed N] [--units N] [--max-tracked U] [--features shipped|landmarks|both]
              The shipped classifiers, from every labelled image of ../shared/data (CK+48, the training people of
              faces-in-the-wild, FER+ train with its crowd votes as soft targets): the still-image front end, aligned
              landmark positions plus HOG appearance at each landmark (cached in artifacts/cache), one ridge readout per
              emotion over a random tanh layer and the direct inputs, landmarks pruned on the shared ranking, Platt
              calibration on out-of-fold scores; CK+48 subject-grouped CV, faces-in-the-wild held-out people and FER+
              valid; FP32 / INT8 / gradient ONNX, manifest.json, REPORT.md and plots/ in DIR (default models).
          train-landmarks [--data DIR] [--out DIR] [--root DIR] [--folds K] [--step S] [--min-kept M] [--ig-steps N] [--max-union U] [--seed N]
              The landmarks-only CK+48 trainer of the paper, everything from ../shared/data: landmarks (cached in artifacts/cache), window check, per-emotion randomized
              networks with IG ranking, pruning on the rankings shared by all emotions to a tracked union of at most U
              landmarks (default 34) and per emotion inside it, MLP baseline, CK+48 CV and faces-in-the-wild evaluation, FP32 / INT8
              / gradient ONNX export, manifest.json, REPORT.md and plots/ in DIR (default models). [--seeds N] network
              seeds of the robustness check (default 10). Measured variants (docs/model-variants.md): [--align union]
              [--inner-folds K] [--prior facs] [--threshold-folds K] [--classes balanced] [--units N] [--mirror on] [--emotion-pruning off]
              [--landmarks mirror-average|mirror-average-all] [--pruning-seeds N].
          decisions --jsonl FILE [--jsonl FILE ...]
              Steadiness of the decided emotion in `fer-edge run --jsonl` output: face seconds, changes per minute, label shares.
          selftest [--out DIR] [--subjects N] [--folds K] [--step S] [--min-kept M] [--seed N]
                   [--int8-weights per-channel|per-tensor]
              Trains per-emotion randomized networks on synthetic landmark data (subject-grouped CV), ranks landmarks
              by Integrated Gradients, prunes, exports FP32 / INT8 QDQ / gradient ONNX models to DIR
              (default artifacts/selftest) and checks them in ONNX Runtime. Exit 0 when every check passes.
          cv [--subjects N] [--folds K] [--layers L] [--units U] [--lambda X] [--activation tanh|sigmoid]
             [--readout all|last] [--model rn|mlp] [--seed N]
              Subject-grouped cross-validation of one model configuration on synthetic data.
          detect-report
              Face detection rates, false detections and latency per BlazeFace model over the shared data.
          detect-calibrate
              Refits the BlazeFace-to-dlib box calibration against dlib's HOG boxes.
          frontend-report
              Landmark error of FerEdge's front end against dlib's full pipeline (HOG + shape predictor) per video.
          frontend-calibrate
              Refits the landmarks-to-HOG-box refinement on faces-in-the-wild and measures it on the videos.
          tracking-report [--subset 68|34|17|i,j,...] [--interval N] [--window N] [--levels N] [--iterations N] [--whole-frame]
              Subset tracking against a full fit on every frame: error, keyframe share, time per frame.
        """;

    /// <summary>Every command by name, in the order the usage lists them.</summary>
    private static readonly (string Name, Func<CommandOptions, int> Run)[] Commands =
    [
        ("train", TrainCommand.Run),
        ("train-landmarks", LandmarksTrainCommand.Run),
        ("decisions", DecisionsCommand.Run),
        ("selftest", SelfTestCommand.Run),
        ("cv", CrossValidationCommand.Run),
        ("detect-report", DetectionReportCommand.Run),
        ("detect-calibrate", DetectionCalibrationCommand.Run),
        ("frontend-report", FrontEndReportCommand.Run),
        ("frontend-calibrate", FrontEndCalibrationCommand.Run),
        ("tracking-report", FrontEndTrackingCommand.Run),
    ];

    /// <summary>Runs the tool and returns its exit code (0 ok, 1 check failed, 2 bad usage).</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var command = Array.FindIndex(Commands, c => c.Name == args[0]);
            if (command < 0)
            {
                var names = Commands.Select(c => c.Name).ToArray();
                throw new UsageException($"unknown command '{args[0]}' (expected {string.Join(", ", names[..^1])} or {names[^1]})");
            }

            return Commands[command].Run(CommandOptions.Parse(args.AsSpan(1)));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("fer-train: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"fer-train: {e.Message}");
            return 2;
        }
    }
}
