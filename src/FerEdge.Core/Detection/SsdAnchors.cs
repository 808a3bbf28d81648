namespace FerEdge.Core.Detection;

/// <summary>
/// Anchor centres of MediaPipe's SSD scheme with fixed anchor size, in the unit square of the model input.
/// </summary>
/// <remarks>
/// MediaPipe's <c>SsdAnchorsCalculator</c> with one aspect ratio (1.0) and the interpolated scale emits two anchors
/// per layer and cell; consecutive layers with the same stride share one feature map, so their anchors are emitted
/// together per cell. Order: layer group, row, column, anchor within the cell. With <c>fixed_anchor_size</c> every
/// anchor has width and height 1, so only the centres matter and the scales drop out. Immutable and thread-safe.
/// </remarks>
public sealed class SsdAnchors
{
    private const int AnchorsPerLayer = 2;

    private readonly float[] _centers;

    private SsdAnchors(int inputSize, float[] centers)
    {
        InputSize = inputSize;
        _centers = centers;
    }

    /// <summary>Anchors of the front (selfie, 128x128) model: strides 8, 16, 16, 16, 896 anchors.</summary>
    public static SsdAnchors Front128 { get; } = Create(128, [8, 16, 16, 16]);

    /// <summary>Anchors of the back (distant faces, 256x256) model: strides 16, 32, 32, 32, 896 anchors.</summary>
    public static SsdAnchors Back256 { get; } = Create(256, [16, 32, 32, 32]);

    /// <summary>Side of the square model input in pixels.</summary>
    public int InputSize { get; }

    /// <summary>Number of anchors.</summary>
    public int Count => _centers.Length / 2;

    /// <summary>Anchor centres as interleaved (x, y) pairs in [0, 1] of the model input.</summary>
    public ReadOnlySpan<float> Centers => _centers;

    /// <summary>Centre x of anchor <paramref name="index"/> in [0, 1].</summary>
    public float CenterX(int index) => _centers[2 * index];

    /// <summary>Centre y of anchor <paramref name="index"/> in [0, 1].</summary>
    public float CenterY(int index) => _centers[(2 * index) + 1];

    /// <summary>
    /// Generates the anchors for a square input of <paramref name="inputSize"/> pixels and one stride per layer.
    /// </summary>
    /// <param name="inputSize">Input side in pixels.</param>
    /// <param name="strides">Stride of each layer in pixels, in layer order.</param>
    /// <param name="offset">Anchor offset within a cell (MediaPipe uses 0.5: the cell centre).</param>
    public static SsdAnchors Create(int inputSize, ReadOnlySpan<int> strides, float offset = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        if (strides.IsEmpty)
        {
            throw new ArgumentException("At least one layer stride is needed.", nameof(strides));
        }

        var total = 0;
        foreach (var stride in strides)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride, nameof(strides));
            var side = CeilDiv(inputSize, stride);
            total += side * side * AnchorsPerLayer;
        }

        var centers = new float[2 * total];
        var n = 0;
        var layer = 0;
        while (layer < strides.Length)
        {
            // Layers sharing a stride share one feature map: their anchors are interleaved per cell.
            var last = layer;
            while (last + 1 < strides.Length && strides[last + 1] == strides[layer])
            {
                last++;
            }

            var perCell = (last - layer + 1) * AnchorsPerLayer;
            var side = CeilDiv(inputSize, strides[layer]);
            for (var y = 0; y < side; y++)
            {
                var cy = (y + offset) / side;
                for (var x = 0; x < side; x++)
                {
                    var cx = (x + offset) / side;
                    for (var a = 0; a < perCell; a++)
                    {
                        centers[n++] = cx;
                        centers[n++] = cy;
                    }
                }
            }

            layer = last + 1;
        }

        return new SsdAnchors(inputSize, centers);
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
