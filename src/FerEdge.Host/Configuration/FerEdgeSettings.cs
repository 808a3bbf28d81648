using FerEdge.Core.Tracking;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Everything <c>fer-edge run</c> can be configured with: bound from config/fer-edge.json, then environment variables
/// (<c>FEREDGE__Section__Key</c>), then command-line options. Every key is documented in the README.
/// </summary>
public sealed class FerEdgeSettings
{
    /// <summary>Device id: the second level of every MQTT topic; null or empty means the host name.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Frame source (see the command-line contract); null means camera 0, else the demo video.</summary>
    public string? Source { get; set; }

    /// <summary>Played when no source is given and no camera opens.</summary>
    public string DemoVideo { get; set; } = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";

    /// <summary>Process files as fast as possible (no drops) instead of in real time.</summary>
    public bool Fast { get; set; }

    /// <summary>Stop after this many frames; 0 runs to the end of the source.</summary>
    public long MaxFrames { get; set; }

    /// <summary>JSON-lines output file, one emotion payload per processed frame; null for none.</summary>
    public string? Jsonl { get; set; }

    /// <summary>Reusable frame buffers (at least 2).</summary>
    public int FramePoolSize { get; set; } = 3;

    /// <summary>Images whose header claims more pixels are skipped (counted and logged) before decoding.</summary>
    public long MaxImagePixels { get; set; } = Capture.ImageHeader.DefaultMaxPixels;

    public JsonLinesSettings JsonLines { get; set; } = new();

    public HealthSettings Health { get; set; } = new();

    public ModelSettings Models { get; set; } = new();

    public DetectionSettings Detection { get; set; } = new();

    public TrackingSettings Tracking { get; set; } = new();

    public DecisionSettings Decision { get; set; } = new();

    public MqttSettings Mqtt { get; set; } = new();

    public DashboardSettings Dashboard { get; set; } = new();
}

/// <summary>The JSON-lines output (<see cref="FerEdgeSettings.Jsonl"/>).</summary>
public sealed class JsonLinesSettings
{
    /// <summary>Whole lines reach the operating system at least this often, in seconds.</summary>
    public double FlushIntervalSeconds { get; set; } = 1;

    /// <summary>Append to an existing file (true) or start it empty (false).</summary>
    public bool Append { get; set; } = true;

    /// <summary>Rotate the file when it would grow past this many bytes; 0 never rotates.</summary>
    public long RotateBytes { get; set; }

    /// <summary>Rotated files kept (PATH.1 ... PATH.N).</summary>
    public int Keep { get; set; } = 3;
}

/// <summary>Liveness and readiness.</summary>
public sealed class HealthSettings
{
    /// <summary>
    /// /readyz is ready while a frame reached the outputs within this many seconds; longer without frames (after the
    /// start) makes the status degraded.
    /// </summary>
    public double ReadyWithinSeconds { get; set; } = 10;
}

/// <summary>Model files.</summary>
public sealed class ModelSettings
{
    /// <summary>Folder of the emotion classifiers (manifest.json), relative to the application root.</summary>
    public string Directory { get; set; } = "models";

    /// <summary>Folder of the BlazeFace ONNX files, relative to the application root.</summary>
    public string BlazeFaceDirectory { get; set; } = "models/third_party/blazeface";

    /// <summary>dlib's 68-point shape predictor.</summary>
    public string ShapePredictor { get; set; } = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>Use the INT8 (quantized) classifiers (true) or the FP32 ones.</summary>
    public bool Quantized { get; set; } = true;
}

/// <summary>Face detection.</summary>
public sealed class DetectionSettings
{
    /// <summary>BlazeFace model: <c>front</c> (128 px input, close faces) or <c>back</c> (256 px, small faces).</summary>
    public string Model { get; set; } = "front";

    /// <summary>Minimum face score in (0, 1); null uses the model's measured default.</summary>
    public float? ScoreThreshold { get; set; }

    /// <summary>Faces smaller than this side in pixels are not followed.</summary>
    public int MinFaceSize { get; set; } = 24;

    /// <summary>ONNX Runtime threads for the detector.</summary>
    public int Threads { get; set; } = 1;
}

/// <summary>Landmark subset tracking between keyframes.</summary>
public sealed class TrackingSettings
{
    /// <summary>Track between keyframes (true) or detect and fit every frame.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A keyframe at least every N frames.</summary>
    public int KeyframeInterval { get; set; } = 10;

    /// <summary>A point whose forward-backward error exceeds this many pixels is lost.</summary>
    public float MaxForwardBackwardErrorPx { get; set; } = 1f;

    /// <summary>Re-detect when more than this share of the subset is lost in a frame.</summary>
    public float MaxLostShare { get; set; } = 0.25f;

    /// <summary>
    /// Side of the square Lucas-Kanade window in pixels, 5..31. Default 16: the window's rows are processed in
    /// 16-pixel blocks, so 16 costs half of OpenCV's default 21 (which takes two blocks), and on the shared videos the
    /// tracked error stayed within 0.03 points of 21's (docs/frontend.md, tracking section).
    /// </summary>
    public int WindowSize { get; set; } = 16;

    /// <summary>
    /// Pyramid levels above the full-resolution frame, 0..5 (OpenCV's maxLevel). Default 2: it reaches face motion
    /// at video rate (up to about 4 x 8 = 32 pixels per frame) and each level fewer shrinks the region the tracker
    /// builds its pyramid over.
    /// </summary>
    public int PyramidLevels { get; set; } = 2;

    /// <summary>Gauss-Newton iterations per level at most, 1..100 (a step under 0.01 px stops earlier).</summary>
    public int MaxIterations { get; set; } = 30;

    /// <summary>
    /// Build each tracked frame's pyramid over a region around the tracked points only (true) or over the whole
    /// frame. Both give the same positions; the region is cheaper.
    /// </summary>
    public bool RegionPyramids { get; set; } = true;

    /// <summary>
    /// Motion per frame in pixels, 1..4096, that the region leaves room for; a frame where a point moves farther is
    /// re-detected. Default 32.
    /// </summary>
    public int RegionMotionPx { get; set; } = 32;

    /// <summary>The subset tracker's settings these values describe.</summary>
    public LandmarkSubsetTrackerOptions ToTrackerOptions() => new()
    {
        MaxForwardBackwardError = MaxForwardBackwardErrorPx,
        TrackInRegion = RegionPyramids,
        RegionMotion = RegionMotionPx,
        LucasKanade = new LucasKanadeOptions
        {
            WindowWidth = WindowSize,
            WindowHeight = WindowSize,
            MaxLevel = PyramidLevels,
            MaxIterations = MaxIterations,
        },
    };
}

/// <summary>Turning scores into a decided emotion, and explanations.</summary>
public sealed class DecisionSettings
{
    /// <summary>Time constant of the smoothing of the label probabilities, seconds of media time, [0, 10] (0: none).</summary>
    public double SmoothingSeconds { get; set; } = 0.5;

    /// <summary>Probability margin another label needs to replace the decided one, [0, 1).</summary>
    public double SwitchMargin { get; set; } = 0.1;

    /// <summary>Explanations per second of media time at most (plus one per change of decided emotion).</summary>
    public double ExplanationsPerSecond { get; set; } = 2;
}

/// <summary>MQTT publishing and the embedded broker.</summary>
public sealed class MqttSettings
{
    /// <summary><c>embedded</c>, or an external broker as <c>mqtt://host:port</c>.</summary>
    public string Broker { get; set; } = "embedded";

    /// <summary>Embedded broker's MQTT-over-TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Embedded broker's MQTT-over-WebSockets port (path /mqtt); 0 picks a free one.</summary>
    public int WebSocketPort { get; set; } = 9001;

    /// <summary>Dashboard HTTP port; 0 picks a free one.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the embedded broker and dashboard listen on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Emotion messages per second at most.</summary>
    public double EmotionPerSecond { get; set; } = 15;

    /// <summary>Messages held while the broker is unreachable; the oldest is dropped (and counted) beyond this.</summary>
    public int OutboxCapacity { get; set; } = 256;

    /// <summary>Seconds between metrics messages.</summary>
    public double MetricsIntervalSeconds { get; set; } = 5;

    /// <summary>Embedded broker: seconds a new connection has to deliver its whole CONNECT packet.</summary>
    public double ConnectTimeoutSeconds { get; set; } = BrokerDefaults.ConnectTimeout.TotalSeconds;

    /// <summary>Embedded broker: the largest packet a client may send, in bytes.</summary>
    public int MaxPacketBytes { get; set; } = BrokerDefaults.MaxPacketBytes;

    /// <summary>Embedded broker: retained topics held at most.</summary>
    public int MaxRetainedMessages { get; set; } = BrokerDefaults.MaxRetainedMessages;

    /// <summary>Embedded broker: payload bytes of all retained messages at most.</summary>
    public long MaxRetainedBytes { get; set; } = BrokerDefaults.MaxRetainedBytes;

    /// <summary>Embedded broker: open connections from one IP address at most.</summary>
    public int MaxConnectionsPerAddress { get; set; } = BrokerDefaults.MaxConnectionsPerAddress;

    /// <summary>The embedded broker's own defaults: its options type is their one home.</summary>
    private static readonly Messaging.EmbeddedBrokerOptions BrokerDefaults = new();
}

/// <summary>The caregiver dashboard.</summary>
public sealed class DashboardSettings
{
    /// <summary>Serve the dashboard page.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Emotions that raise an alert when held (labels).</summary>
    public List<string> AlertEmotions { get; set; } = [];

    /// <summary>Seconds an alert emotion must be held.</summary>
    public double AlertAfterSeconds { get; set; } = 10;

    /// <summary>Seconds without a face before an alert; 0 disables it.</summary>
    public double NoFaceAlertAfterSeconds { get; set; } = 60;

    /// <summary>Seconds without emotion messages before the page says the data is stale.</summary>
    public double StaleAfterSeconds { get; set; } = 3;
}
