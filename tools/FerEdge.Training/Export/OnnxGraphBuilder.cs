using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace FerEdge.Training.Export;

/// <summary>
/// Small helper for writing ONNX graphs node by node: unique value names, typed initializers, and the model
/// envelope (IR 7, default-domain opset 13, which has per-axis QuantizeLinear/DequantizeLinear). Not thread-safe.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const int Opset = 13;
    private readonly GraphProto _graph;
    private int _counter;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public string Float(string hint, ReadOnlySpan<float> values, params long[] dims)
    {
        var t = NewTensor(hint, TensorProto.Types.DataType.Float, dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string Int8(string hint, ReadOnlySpan<sbyte> values, params long[] dims)
    {
        var t = NewTensor(hint, TensorProto.Types.DataType.Int8, dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string UInt8(string hint, byte value)
    {
        var t = NewTensor(hint, TensorProto.Types.DataType.Uint8);
        t.RawData = ByteString.CopyFrom([value]);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string Scalar(string hint, float value) => Float(hint, [value]);

    /// <summary>Adds a node and returns the name of its (single) output.</summary>
    public string Node(string op, string hint, params string[] inputs) => NodeWithAttribute(op, hint, null, inputs);

    public string NodeWithAttribute(string op, string hint, AttributeProto? attribute, params string[] inputs)
    {
        var output = Unique(hint);
        var node = new NodeProto { OpType = op, Name = output + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (attribute is not null)
        {
            node.Attribute.Add(attribute);
        }

        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Declares a float graph input of shape [N, width] (N symbolic).</summary>
    public void Input(string name, long width) => _graph.Input.Add(FloatValueInfo(name, width));

    /// <summary>Routes <paramref name="value"/> to a float graph output named <paramref name="name"/> of shape [N, width].</summary>
    public void Output(string name, string value, long width)
    {
        var node = new NodeProto { OpType = "Identity", Name = name + "_out" };
        node.Input.Add(value);
        node.Output.Add(name);
        _graph.Node.Add(node);
        _graph.Output.Add(FloatValueInfo(name, width));
    }

    public ModelProto Build(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "fer-train",
            ProducerVersion = "1",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private TensorProto NewTensor(string hint, TensorProto.Types.DataType type, params long[] dims)
    {
        var t = new TensorProto { Name = Unique(hint), DataType = (int)type };
        t.Dims.AddRange(dims);
        return t;
    }

    private string Unique(string hint) => $"{hint}_{_counter++}";

    private static ValueInfoProto FloatValueInfo(string name, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
