using FerEdge.Core.Adaptation;

namespace FerEdge.Pipeline.Adaptation;

/// <summary>
/// Where the emotion stage and the device's command handler meet. The handler swaps in a <see cref="ProfileSnapshot"/>
/// (one volatile reference write); the stage reads the current one on every frame, records the frame's probabilities
/// before the person's readout in a small ring (the last <see cref="RecentSeconds"/> of frames with a face), and,
/// while a calibration runs, adds the frame's classifier inputs to it.
/// </summary>
/// <remarks>
/// Thread-safe. The frame thread never waits on the handler's work: the locks guard copies of at most
/// <see cref="Capacity"/> x 7 floats (the ring) or one frame's inputs (the calibration), nothing longer.
/// </remarks>
public sealed class PersonalAdaptation
{
    /// <summary>Frames the ring holds at most.</summary>
    public const int Capacity = 64;

    private const int Emotions = 7;
    private readonly float[] _probabilities = new float[Capacity * Emotions];
    private readonly double[] _times = new double[Capacity];
    private readonly Lock _ring = new();
    private readonly Lock _calibrating = new();
    private ProfileSnapshot _current = ProfileSnapshot.Population;
    private NeutralFace? _calibration;
    private readonly double[] _shapeSum = new double[136];
    private int _shapeFrames;
    private int _next;
    private int _count;
    private long _faces;

    /// <summary>A meeting point keeping the last <paramref name="recentSeconds"/> (media time) of frames.</summary>
    public PersonalAdaptation(double recentSeconds = 1.0)
    {
        if (!(recentSeconds > 0) || !double.IsFinite(recentSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(recentSeconds), recentSeconds, "must be a positive number of seconds");
        }

        RecentSeconds = recentSeconds;
    }

    /// <summary>How far back <see cref="Recent"/> reaches, seconds of media time.</summary>
    public double RecentSeconds { get; }

    /// <summary>The snapshot the stage applies now.</summary>
    public ProfileSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Frames with a face scored so far.</summary>
    public long Faces => Interlocked.Read(ref _faces);

    /// <summary>Whether a calibration is collecting frames.</summary>
    public bool Calibrating => Volatile.Read(ref _calibration) is not null;

    /// <summary>Makes <paramref name="snapshot"/> the one the next frame applies.</summary>
    public void Use(ProfileSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
    }

    /// <summary>
    /// The population probabilities (7 per frame, oldest first) of the frames with a face in the last
    /// <see cref="RecentSeconds"/> before the newest; empty when the face was lost since, or none was seen.
    /// </summary>
    public float[] Recent()
    {
        lock (_ring)
        {
            if (_count == 0)
            {
                return [];
            }

            var newest = _times[(_next + Capacity - 1) % Capacity];
            var n = 0;
            while (n < _count && newest - _times[(_next + Capacity - 1 - n) % Capacity] < RecentSeconds)
            {
                n++;
            }

            var result = new float[n * Emotions];
            for (var i = 0; i < n; i++)
            {
                var slot = (_next + Capacity - n + i) % Capacity;
                Array.Copy(_probabilities, slot * Emotions, result, i * Emotions, Emotions);
            }

            return result;
        }
    }

    /// <summary>Starts collecting frames into <paramref name="neutral"/>; the caller must not touch it until <see cref="EndCalibration"/>.</summary>
    /// <exception cref="InvalidOperationException">A calibration is already running.</exception>
    public void BeginCalibration(NeutralFace neutral)
    {
        ArgumentNullException.ThrowIfNull(neutral);
        lock (_calibrating)
        {
            if (_calibration is not null)
            {
                throw new InvalidOperationException("a calibration is already running");
            }

            Array.Clear(_shapeSum);
            _shapeFrames = 0;
            Volatile.Write(ref _calibration, neutral);
        }
    }

    /// <summary>
    /// The mean aligned shape (136 values) of the frames the last calibration took, or empty when none could be
    /// aligned. Read after <see cref="EndCalibration"/>.
    /// </summary>
    public float[] CalibratedShape()
    {
        lock (_calibrating)
        {
            if (_shapeFrames == 0)
            {
                return [];
            }

            var mean = new float[_shapeSum.Length];
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] = (float)(_shapeSum[i] / _shapeFrames);
            }

            return mean;
        }
    }

    /// <summary>Stops collecting; from the return on, the stage adds nothing more to the calibration's neutral.</summary>
    public void EndCalibration()
    {
        lock (_calibrating)
        {
            Volatile.Write(ref _calibration, null);
        }
    }

    /// <summary>Frame thread: a face scored at media time <paramref name="time"/> with these population probabilities.</summary>
    internal void Record(double time, ReadOnlySpan<float> probabilities)
    {
        Interlocked.Increment(ref _faces);
        lock (_ring)
        {
            if (_count > 0 && time < _times[(_next + Capacity - 1) % Capacity])
            {
                // Media time went back (a source started again): older frames are not "the last second".
                _count = 0;
            }

            probabilities[..Emotions].CopyTo(_probabilities.AsSpan(_next * Emotions, Emotions));
            _times[_next] = time;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>Frame thread: no face; the frames before belong to a face that is gone.</summary>
    internal void NoFace()
    {
        lock (_ring)
        {
            _count = 0;
        }
    }

    /// <summary>
    /// Frame thread: adds one frame's classifier inputs, and its aligned shape (136 values, or empty when it could not
    /// be aligned), to the running calibration, if any.
    /// </summary>
    internal void AddCalibration(ReadOnlySpan<float> inputs, ReadOnlySpan<float> aligned)
    {
        lock (_calibrating)
        {
            if (_calibration is not { } neutral || inputs.Length != neutral.Length)
            {
                return;
            }

            foreach (var v in inputs)
            {
                if (!float.IsFinite(v))
                {
                    return;
                }
            }

            neutral.Add(inputs);
            if (aligned.Length == _shapeSum.Length)
            {
                for (var i = 0; i < aligned.Length; i++)
                {
                    _shapeSum[i] += aligned[i];
                }

                _shapeFrames++;
            }
        }
    }
}
