using FerEdge.Core.Geometry;
using FerEdge.Host.Commands;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

public sealed class BoxesFileTests
{
    [Fact]
    public void Read_ValidFile_GroupsBoxesByFrameInOrder()
    {
        var path = Write("frame,left,top,right,bottom\n0,10,20,110,120\n0,200,20,260,80\n3,1,2,3,4\n");
        var boxes = BoxesFile.Read(path);
        Assert.Equal([new DlibRect(10, 20, 110, 120), new DlibRect(200, 20, 260, 80)], boxes[0]);
        Assert.Equal([new DlibRect(1, 2, 3, 4)], boxes[3]);
        Assert.False(boxes.ContainsKey(1));
    }

    [Theory]
    [InlineData("frame,x,y\n", "line 1")]
    [InlineData("frame,left,top,right,bottom\n0,1,2,3\n", "line 2 has 4 fields")]
    [InlineData("frame,left,top,right,bottom\n0,1,2,3,4\n-1,1,2,3,4\n", "line 3: frame '-1'")]
    [InlineData("frame,left,top,right,bottom\n0,a,2,3,4\n", "line 2: 'a' is not a pixel coordinate")]
    [InlineData("frame,left,top,right,bottom\n0,10,2,3,4\n", "line 2: empty box")]
    public void Read_BadFile_ThrowsNamingFileAndLine(string text, string message)
    {
        var path = Write(text);
        var e = Assert.Throws<InvalidDataException>(() => BoxesFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BoxesFile.Read("/no/such/boxes.csv"));
        Assert.Contains("/no/such/boxes.csv", e.Message, StringComparison.Ordinal);
    }

    private static string Write(string text)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("boxes"), "boxes.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
