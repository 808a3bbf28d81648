using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Vision.Detection;

/// <summary>
/// The input and output names of a BlazeFace export, checked against the expected shapes. The Barracuda exports
/// split the 896 anchors into per-feature-map groups (512 + 384), each with a score output <c>[1, n, 1]</c> and a
/// regressor output <c>[1, n, 16]</c>, listed scores first in anchor order.
/// </summary>
internal sealed record BlazeFaceSignature(string InputName, BlazeFaceSignature.Group[] Groups)
{
    internal readonly record struct Group(string ScoreName, string RegressorName, int Anchors);

    public static BlazeFaceSignature Read(InferenceSession session, string path, BlazeFaceModel model, int inputSize, int anchorCount)
    {
        string Fail(string what) =>
            throw new InvalidDataException($"'{path}' is not a BlazeFace {model} model: {what}.");

        if (session.InputMetadata.Count != 1)
        {
            Fail($"it has {session.InputMetadata.Count} inputs, expected 1");
        }

        var (inputName, input) = session.InputMetadata.First();
        var dims = input.Dimensions;
        if (input.ElementType != typeof(float) || dims.Length != 4 || dims[1] != inputSize || dims[2] != inputSize || dims[3] != 3)
        {
            Fail($"input '{inputName}' is {input.ElementType.Name}[{string.Join(",", dims)}], expected float[1,{inputSize},{inputSize},3]");
        }

        var scores = new List<(string Name, int Anchors)>();
        var regressors = new List<(string Name, int Anchors)>();
        foreach (var name in session.OutputNames)
        {
            var d = session.OutputMetadata[name].Dimensions;
            if (d.Length == 3 && d[2] == 1)
            {
                scores.Add((name, d[1]));
            }
            else if (d.Length == 3 && d[2] == 16)
            {
                regressors.Add((name, d[1]));
            }
            else
            {
                Fail($"output '{name}' has shape [{string.Join(",", d)}], expected [1,n,1] or [1,n,16]");
            }
        }

        var groups = new Group[scores.Count];
        var total = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (i >= regressors.Count || regressors[i].Anchors != scores[i].Anchors || scores[i].Anchors <= 0)
            {
                Fail("its score and regressor outputs do not pair up");
            }

            groups[i] = new Group(scores[i].Name, regressors[i].Name, scores[i].Anchors);
            total += scores[i].Anchors;
        }

        if (total != anchorCount || regressors.Count != scores.Count)
        {
            Fail($"its outputs cover {total} anchors, expected {anchorCount}");
        }

        return new BlazeFaceSignature(inputName, groups);
    }
}
