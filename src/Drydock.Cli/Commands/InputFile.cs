namespace Drydock.Cli.Commands;

/// <summary>Reads a file argument, where <c>-</c> means standard input.</summary>
internal static class InputFile
{
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}");
        }
    }
}
