using System.Collections.Concurrent;
using System.Globalization;

namespace Drydock.Agent.Files;

/// <summary>
/// User and group names for file listings, from <c>/etc/passwd</c> and <c>/etc/group</c>; an id with no name there is
/// written as its number (as Mesos does when <c>getpwuid</c> finds nothing).
/// </summary>
internal static class AccountNames
{
    private static readonly ConcurrentDictionary<uint, string> Users = new();
    private static readonly ConcurrentDictionary<uint, string> Groups = new();

    public static string User(uint uid) => Users.GetOrAdd(uid, id => Lookup("/etc/passwd", id));

    public static string Group(uint gid) => Groups.GetOrAdd(gid, id => Lookup("/etc/group", id));

    private static string Lookup(string file, uint id)
    {
        var text = id.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                // name:password:id:...
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == text)
                {
                    return fields[0];
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return text;
    }
}
