using FerEdge.Training.Commands;

namespace FerEdge.Training;

/// <summary>Entry point of <c>fer-train</c>, the training, evaluation and export tool.</summary>
public static class Program
{
    private const string Usage = """
        usage: fer-train <command> [options]
          train [--data DIR] [--out DIR] [--root DIR] [--folds K] [--step S] [--min-kept M] [--ig-steps N] [--max-union U] [--seed N]
              Everything from ../shared/data: landmarks (cached in artifacts/cache), window check, per-emotion randomized
              networks with IG ranking, pruning on the rankings shared by all emotions to a tracked union of at most U
              landmarks (default 34) and per emotion inside it, MLP baseline, CK+48 CV and faces-in-the-wild evaluation, FP32 / INT8
              / gradient ONNX export, manifest.json, REPORT.md and plots/ in DIR (default models). [--seeds N] network
              seeds of the robustness check (default 10). Measured variants (docs/model-variants.md): [--align union]
              [--inner-folds K] [--prior facs] [--threshold-folds K] [--classes balanced] [--units N] [--mirror on] [--emotion-pruning off]
              [--landmarks mirror-average|mirror-average-all] [--pruning-seeds N].
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
            if (args[0] == "detect-report")
            {
                return DetectionReportCommand.Run(args[1..]);
            }

            if (args[0] == "detect-calibrate")
            {
                return DetectionCalibrationCommand.Run(args[1..]);
            }

            if (args[0] == "frontend-report")
            {
                return FrontEndReportCommand.Run(args[1..]);
            }

            if (args[0] == "frontend-calibrate")
            {
                return FrontEndCalibrationCommand.Run(args[1..]);
            }

            if (args[0] == "tracking-report")
            {
                return FrontEndTrackingCommand.Run(args[1..]);
            }

            var options = CommandOptions.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "train" => TrainCommand.Run(options),
                "selftest" => SelfTestCommand.Run(options),
                "cv" => CrossValidationCommand.Run(options),
                _ => throw new UsageException($"unknown command '{args[0]}' (expected train, selftest, cv, detect-report, detect-calibrate, frontend-report, frontend-calibrate or tracking-report)"),
            };
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
