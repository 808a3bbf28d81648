using FerEdge.Training.Data;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Report;

/// <summary>Everything <see cref="ReportWriter"/> puts into REPORT.md and the plots.</summary>
public sealed record ReportInputs(
    IReadOnlyList<EmotionReport> Emotions,
    TrainedEmotions Trained,
    FaceShapes CkPlus,
    FaceShapes Wild,
    TrainingData Data,
    WindowCheck.Result Window,
    ConfusionMatrix CkConfusion,
    ConfusionMatrix WildConfusion,
    int WildImages,
    TrainerOptions Trainer,
    IReadOnlyList<RobustnessCheck.Result> Robustness,
    TimeSpan Elapsed);
