namespace Drydock.Master.Maintenance;

/// <summary>Strict dotted-quad IPv4 parsing, as <c>inet_pton(AF_INET)</c> accepts it: four decimal octets, no leading zeros.</summary>
internal static class Ipv4
{
    public static bool IsValid(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            if (int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }
}
