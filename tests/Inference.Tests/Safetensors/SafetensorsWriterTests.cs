using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tests.Safetensors;

public sealed class SafetensorsWriterTests
{
    public static TheoryData<SafetensorsDType> AllDTypes()
    {
        var data = new TheoryData<SafetensorsDType>();
        foreach (var d in Enum.GetValues<SafetensorsDType>())
        {
            data.Add(d);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void WriteThenOpen_EveryDType_ReturnsSameBytesShapeAndDType(SafetensorsDType dtype)
    {
        using var folder = new TempFolder();
        var random = new Random();
        long[] shape = [3, random.Next(1, 9), 2];
        var bytes = new byte[shape.Aggregate(1L, (a, d) => a * d) * SafetensorsDTypes.SizeOf(dtype)];
        random.NextBytes(bytes);
        if (dtype == SafetensorsDType.BOOL)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }

        var scalar = new byte[SafetensorsDTypes.SizeOf(dtype)];
        random.NextBytes(scalar);
        var path = folder.Combine("x.safetensors");
        new SafetensorsWriter().Add("t", dtype, shape, bytes).Add("s", dtype, [], scalar).Add("empty", dtype, [0, 4], Array.Empty<byte>()).SetMetadata("format", "pt").Write(path);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(dtype, file.GetInfo("t").DType);
        Assert.Equal(shape, file.GetInfo("t").Shape);
        Assert.Equal(bytes, file.GetBytes("t").ToArray());
        Assert.Equal(scalar, file.ReadBytes("s"));
        Assert.Equal(0, file.GetBytes("empty").Length);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["empty", "s", "t"], file.Names);
    }

    [Fact]
    public void Write_AnyInsertionOrder_ProducesIdenticalBytesSortedAndPadded()
    {
        using var folder = new TempFolder();
        var random = new Random();
        var a = new byte[12];
        var b = new byte[20];
        random.NextBytes(a);
        random.NextBytes(b);
        new SafetensorsWriter().Add("b", SafetensorsDType.F32, [5], b).Add("a", SafetensorsDType.F32, [3], a).Write(folder.Combine("1.safetensors"));
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [3], a).Add("b", SafetensorsDType.F32, [5], b).Write(folder.Combine("2.safetensors"));

        var first = File.ReadAllBytes(folder.Combine("1.safetensors"));
        Assert.Equal(first, File.ReadAllBytes(folder.Combine("2.safetensors")));
        using var file = SafetensorsFile.Open(folder.Combine("1.safetensors"));
        Assert.Equal(0, file.Header.HeaderLength % 8);
        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp-*"));
    }

    [Fact]
    public void Add_WrongByteCountOrDuplicateName_Throws()
    {
        var writer = new SafetensorsWriter().Add("a", SafetensorsDType.F32, [2], new byte[8]);
        Assert.Throws<ArgumentException>(() => writer.Add("b", SafetensorsDType.F32, [2], new byte[7]));
        Assert.Throws<ArgumentException>(() => writer.Add("a", SafetensorsDType.F32, [2], new byte[8]));
        Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", SafetensorsDType.F32, [2], new byte[8]));
    }

    [Fact]
    public void Write_CallbackWritesWrongLength_LeavesNoFile()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("x.safetensors");
        var writer = new SafetensorsWriter().Add("a", SafetensorsDType.F32, [4], s => s.Write(new byte[3]));
        Assert.Throws<InvalidOperationException>(() => writer.Write(path));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
