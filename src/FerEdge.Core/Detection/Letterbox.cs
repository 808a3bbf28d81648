namespace FerEdge.Core.Detection;

/// <summary>
/// How a frame sits inside a square model input: scaled by <see cref="Scale"/> keeping its aspect ratio, centred,
/// with <see cref="PadX"/> and <see cref="PadY"/> pixels of padding before it on each axis.
/// </summary>
/// <param name="InputSize">Side of the square input in pixels.</param>
/// <param name="Scale">Input pixels per frame pixel.</param>
/// <param name="PadX">Padding left of the frame, in input pixels.</param>
/// <param name="PadY">Padding above the frame, in input pixels.</param>
public readonly record struct Letterbox(int InputSize, float Scale, float PadX, float PadY)
{
    /// <summary>The letterbox that fits a <paramref name="frameWidth"/> x <paramref name="frameHeight"/> frame.</summary>
    public static Letterbox Fit(int frameWidth, int frameHeight, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        var scale = (float)inputSize / Math.Max(frameWidth, frameHeight);
        return new Letterbox(
            inputSize,
            scale,
            (inputSize - (frameWidth * scale)) / 2f,
            (inputSize - (frameHeight * scale)) / 2f);
    }

    /// <summary>Frame x (pixels) of input x given in [0, 1] of the input side.</summary>
    public float ToFrameX(float normalizedX) => ((normalizedX * InputSize) - PadX) / Scale;

    /// <summary>Frame y (pixels) of input y given in [0, 1] of the input side.</summary>
    public float ToFrameY(float normalizedY) => ((normalizedY * InputSize) - PadY) / Scale;
}
