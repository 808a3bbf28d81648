using FerEdge.Core.Detection;

namespace FerEdge.Core.Tests.Detection;

public sealed class BlazeFaceDecoderTests
{
    private const int V = BlazeFaceDecoder.ValuesPerAnchor;

    [Fact]
    public void Decode_OneConfidentAnchor_GivesBoxAndKeypointsAroundAnchor()
    {
        var anchors = SsdAnchors.Front128;
        var logits = new float[anchors.Count];
        Array.Fill(logits, -10f);
        var reg = new float[anchors.Count * V];
        // Anchor 600 (stride-16 map): centre shifted by (+4, -8) input pixels, 32x40 box, keypoints at known offsets.
        const int i = 600;
        logits[i] = 2f;
        float[] values = [4, -8, 32, 40, -6, -6, 6, -6, 0, 2, 0, 10, -14, -2, 14, -2];
        values.CopyTo(reg, i * V);
        var letterbox = new Letterbox(128, 1f, 0f, 0f);
        var output = new List<FaceDetection>();

        var n = new BlazeFaceDecoder(anchors).Decode(logits, reg, 0.5f, letterbox, output);

        Assert.Equal(1, n);
        var d = Assert.Single(output);
        var ax = anchors.CenterX(i) * 128;
        var ay = anchors.CenterY(i) * 128;
        Assert.Equal(1f / (1f + MathF.Exp(-2f)), d.Score, 6);
        Assert.Equal(ax + 4 - 16, d.Box.X, 4);
        Assert.Equal(ay - 8 - 20, d.Box.Y, 4);
        Assert.Equal(32f, d.Box.Width, 4);
        Assert.Equal(40f, d.Box.Height, 4);
        Assert.Equal(ax - 6, d.RightEye.X, 4);
        Assert.Equal(ay - 6, d.RightEye.Y, 4);
        Assert.Equal(ax + 6, d.LeftEye.X, 4);
        Assert.Equal(ay + 10, d.Mouth.Y, 4);
        Assert.Equal(ax + 14, d.LeftEar.X, 4);
        Assert.Equal(ay - 2, d.Keypoint(5).Y, 4);
    }

    [Fact]
    public void Decode_Letterboxed_MapsToFramePixels()
    {
        var anchors = SsdAnchors.Front128;
        var logits = new float[anchors.Count];
        Array.Fill(logits, -10f);
        var reg = new float[anchors.Count * V];
        logits[0] = 5f;
        reg[2] = 10f;
        reg[3] = 10f;
        // A 640x360 frame: scale 0.2, 28 input pixels of padding above.
        var letterbox = Letterbox.Fit(640, 360, 128);
        var output = new List<FaceDetection>();

        new BlazeFaceDecoder(anchors).Decode(logits, reg, 0.5f, letterbox, output);

        var d = Assert.Single(output);
        // Anchor 0 sits at input (4, 4); the 10-pixel box spans input x -1..9, y -1..9.
        Assert.Equal(-1f / 0.2f, d.Box.X, 3);
        Assert.Equal((-1f - 28f) / 0.2f, d.Box.Y, 3);
        Assert.Equal(50f, d.Box.Width, 3);
        Assert.Equal(50f, d.Box.Height, 3);
    }

    [Fact]
    public void Decode_ScoresBelowThreshold_AreDropped()
    {
        var anchors = SsdAnchors.Back256;
        var logits = new float[anchors.Count];
        Array.Fill(logits, BlazeFaceDecoder.Logit(0.49f));
        logits[3] = BlazeFaceDecoder.Logit(0.51f);
        logits[895] = 1000f;
        var reg = new float[anchors.Count * V];
        var output = new List<FaceDetection>();

        var n = new BlazeFaceDecoder(anchors).Decode(logits, reg, 0.5f, new Letterbox(256, 1f, 0f, 0f), output);

        Assert.Equal(2, n);
        Assert.Equal(0.51f, output[0].Score, 4);
        // Clipped at 100 before the sigmoid, so finite and 1.
        Assert.Equal(1f, output[1].Score);
    }

    [Fact]
    public void Decode_WrongTensorLength_Throws()
    {
        var decoder = new BlazeFaceDecoder(SsdAnchors.Front128);

        var e = Assert.Throws<ArgumentException>(() =>
            decoder.Decode(new float[895], new float[896 * V], 0.5f, new Letterbox(128, 1f, 0f, 0f), []));
        Assert.Contains("896", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigmoid_ExtremeLogits_StayFinite()
    {
        Assert.Equal(0.5f, BlazeFaceDecoder.Sigmoid(0f));
        Assert.Equal(0f, BlazeFaceDecoder.Sigmoid(-1e30f));
        Assert.Equal(0f, BlazeFaceDecoder.Sigmoid(float.NegativeInfinity));
        Assert.Equal(1f, BlazeFaceDecoder.Sigmoid(float.PositiveInfinity));
    }
}
