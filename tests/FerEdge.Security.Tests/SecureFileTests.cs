using FerEdge.Testing;

namespace FerEdge.Security.Tests;

public sealed class SecureFileTests
{
    [Fact]
    public void WriteAllText_NewFile_HasMode0600AndTheText()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("secure"), "secret");

        SecureFile.WriteAllText(path, "s3cret\n");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("s3cret\n", SecureFile.ReadSecretText(path));
    }

    [Fact]
    public void WriteAllText_ExistingWorldReadableFile_IsReplacedBy0600AndLeavesNoTemporaryFile()
    {
        var folder = TestPaths.NewScratchFolder("secure");
        var path = Path.Combine(folder, "secret");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, SecureFile.PublicMode);

        SecureFile.WriteAllText(path, "new");

        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void WriteAllText_PublicMode_IsReadableByAll()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("secure"), "ca.crt");

        SecureFile.WriteAllText(path, "certificate", SecureFile.PublicMode);

        Assert.Equal(SecureFile.PublicMode, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.OtherWrite)]
    public void ReadSecretText_OthersHaveAccess_RefusesNamingTheFileAndChmod(UnixFileMode extra)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("secure"), "users.json");
        SecureFile.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, SecureFile.SecretMode | extra);

        var e = Assert.Throws<UnauthorizedAccessException>(() => SecureFile.ReadSecretText(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSecretText_MissingFile_IsFileNotFound()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("secure"), "absent");

        Assert.Throws<FileNotFoundException>(() => SecureFile.ReadSecretText(path));
    }
}
