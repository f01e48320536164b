using Drydock.Protocol.Ids;

namespace Drydock.Protocol.Tests.Ids;

public sealed class IdValidationTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("5f2c-S0")]
    [InlineData("task with spaces and :colons:")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("ünïcødé-タスク")]
    [InlineData("emoji-😀")]
    public void Validate_ValidId_IsNull(string id) => Assert.Null(IdValidation.Validate(id));

    [Theory]
    [InlineData(null, "ID must not be empty")]
    [InlineData("", "ID must not be empty")]
    [InlineData(".", "'.' is disallowed")]
    [InlineData("..", "'..' is disallowed")]
    [InlineData("a/b", "'a/b' contains invalid characters")]
    [InlineData("a\\b", "'a\\b' contains invalid characters")]
    [InlineData("a\nb", "'a\nb' contains invalid characters")]
    [InlineData("a\0", "'a\0' contains invalid characters")]
    [InlineData("\u007f", "'\u007f' contains invalid characters")]
    [InlineData("a\u0085b", "'a\u0085b' contains invalid characters")]
    public void Validate_InvalidId_IsMesosText(string? id, string expected) => Assert.Equal(expected, IdValidation.Validate(id));

    [Fact]
    public void Validate_UnpairedSurrogate_IsInvalid()
    {
        Assert.Equal("'x\ud800' contains invalid characters", IdValidation.Validate("x\ud800"));
        Assert.NotNull(IdValidation.Validate("\udc00x"));
    }

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void Validate_AsciiLength_IsBoundedAt255Bytes(int length, bool valid)
    {
        var error = IdValidation.Validate(new string('a', length));

        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.Equal("ID must not be greater than 255 characters", error);
        }
    }

    [Fact]
    public void Validate_MultiByteCharacters_CountInBytes()
    {
        // 128 two-byte characters are 256 bytes of UTF-8, though only 128 chars long.
        Assert.Equal("ID must not be greater than 255 characters", IdValidation.Validate(new string('é', 128)));
        Assert.Null(IdValidation.Validate(new string('é', 127)));
    }
}
