using System.Diagnostics;
using System.Globalization;

namespace FerEdge.Security.Tests;

public sealed class PasswordHasherTests(ITestOutputHelper output)
{
    [Fact]
    public void Hash_Password_HasTheStoredFormWithFreshSalt()
    {
        var first = PasswordHasher.Hash("correct horse");
        var second = PasswordHasher.Hash("correct horse");

        var parts = first.Split('$');
        Assert.Equal(["pbkdf2-sha512", "210000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(64, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Verify_RightAndWrongPassword_AcceptsOnlyTheRightOne()
    {
        var stored = PasswordHasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", stored));
        Assert.False(PasswordHasher.Verify("correct horsE", stored));
        Assert.False(PasswordHasher.Verify(string.Empty, stored));
    }

    [Fact]
    public void Verify_OtherIterationCount_ReadsItFromTheStoredText()
    {
        // Built here with the framework's PBKDF2 directly: an independent hash of 1,000 iterations.
        var salt = new byte[16];
        salt.AsSpan().Fill(7);
        var key = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            "pw-12345"u8, salt, 1000, System.Security.Cryptography.HashAlgorithmName.SHA512, 64);
        var stored = $"pbkdf2-sha512$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";

        Assert.True(PasswordHasher.Verify("pw-12345", stored));
        Assert.False(PasswordHasher.Verify("pw-12346", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha512$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha512$1000$not base64$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha512$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Verify_MalformedStoredText_IsAFormatError(string stored)
    {
        Assert.False(PasswordHasher.IsWellFormed(stored));
        Assert.Throws<FormatException>(() => PasswordHasher.Verify("whatever1", stored));
    }

    [Fact]
    public void Verify_At210000Iterations_IsDeliberatelySlow()
    {
        // Reports what one verification costs on this machine (quoted in PasswordHasher's remarks); bounds only
        // guard against the iterations silently becoming trivial.
        var stored = PasswordHasher.Hash("measure-me");
        PasswordHasher.Verify("measure-me", stored);
        var times = new double[5];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.True(PasswordHasher.Verify("measure-me", stored));
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PBKDF2-SHA512 verify: median {times[2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms"));
        Assert.InRange(times[2], 5, 5000);
    }
}
