using System.Text;
using FerEdge.Core.Options;
using FerEdge.Core.Security;
using FerEdge.Host.Cli;
using FerEdge.Security;

namespace FerEdge.Host.Commands;

/// <summary>
/// The users of the device's broker and dashboard, in users.json in the state folder (config key
/// <c>StateDirectory</c>):
/// <c>fer-edge user add NAME --role device|robot|caregiver|admin --password-file FILE [--devices ID,ID|*] [--config FILE]</c>
/// (the password is the file's first line, so it never appears in a process list or shell history),
/// <c>fer-edge user list [--config FILE]</c> (name, role and devices, one user a line; never a password) and
/// <c>fer-edge user remove NAME [--config FILE]</c>. A running <c>fer-edge run</c> sees the change at the next login.
/// </summary>
public static class UserCommand
{
    private const string Subcommands = "add, list or remove";
    private static readonly string[] AddOptions = ["role", "password-file", "devices", "config"];
    private static readonly string[] ConfigOnly = ["config"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            throw new CommandLineException($"user: missing subcommand ({Subcommands})");
        }

        var rest = args[1..];
        return args[0] switch
        {
            "add" => Add(rest),
            "list" => List(rest),
            "remove" => Remove(rest),
            _ => throw new CommandLineException($"user: unknown subcommand '{args[0]}' ({Subcommands})"),
        };
    }

    private static int Add(string[] args)
    {
        const string Command = "user add";
        var name = TakeName(Command, args);
        var a = ParsedArguments.Parse(Command, args[1..], AddOptions, []);
        var roleText = a.Require("role");
        if (!Roles.TryParse(roleText, out var role))
        {
            throw new CommandLineException($"{Command}: unknown role '{roleText}' (one of {string.Join(", ", Roles.Names)})");
        }

        var devices = a.Get("devices")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (devices is { Length: 0 })
        {
            throw new CommandLineException($"{Command}: --devices lists no device id (give ids separated by commas, or *)");
        }

        if (role == Role.Device && devices is not null)
        {
            throw new CommandLineException($"{Command}: a device user reaches only its own id; leave out --devices");
        }

        var password = ReadPasswordFile(Command, a.Require("password-file"));
        var store = OpenStore(Command, a);
        Change(Command, () => store.Add(name, role, password, devices));
        var reach = store.List().First(u => u.Name == name).Devices;
        Console.WriteLine($"added user '{name}' ({Roles.Name(role)}, devices {string.Join(',', reach)}) to {store.FilePath}");
        return 0;
    }

    private static int List(string[] args)
    {
        var a = ParsedArguments.Parse("user list", args, ConfigOnly, []);
        var store = OpenStore("user list", a);
        var users = store.List();
        if (users.Count == 0)
        {
            Console.Error.WriteLine($"no users in {store.FilePath}");
            return 0;
        }

        var width = users.Max(u => u.Name.Length);
        var text = new StringBuilder();
        foreach (var user in users)
        {
            text.Append(user.Name.PadRight(width)).Append(' ')
                .Append(Roles.Name(user.Role).PadRight(9)).Append(' ')
                .Append(string.Join(',', user.Devices)).Append('\n');
        }

        Console.Write(text.ToString());
        return 0;
    }

    private static int Remove(string[] args)
    {
        const string Command = "user remove";
        var name = TakeName(Command, args);
        var a = ParsedArguments.Parse(Command, args[1..], ConfigOnly, []);
        var store = OpenStore(Command, a);
        Change(Command, () => store.Remove(name));
        Console.WriteLine($"removed user '{name}' from {store.FilePath}");
        return 0;
    }

    /// <summary>The user name: the first argument, which must not be an option.</summary>
    private static string TakeName(string command, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CommandLineException($"{command}: missing user name");
        }

        return args[0];
    }

    /// <summary>The first line of the file, without its line end; at least <see cref="UserStore.MinPasswordLength"/> characters.</summary>
    private static string ReadPasswordFile(string command, string path)
    {
        string firstLine;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            firstLine = reader.ReadLine() ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"{command}: cannot read password file {path}: {e.Message}", e);
        }

        if (firstLine.Length < UserStore.MinPasswordLength)
        {
            throw new CommandLineException(
                $"{command}: the password in {path} has {firstLine.Length} characters; at least {UserStore.MinPasswordLength} are needed");
        }

        return firstLine;
    }

    private static UserStore OpenStore(string command, ParsedArguments a) =>
        new(SecurityState.Folder(command, SecurityState.Options(command, a.Get("config"))));

    /// <summary>Runs a change; a refused one (bad name, duplicate, unknown user) is a command-line error.</summary>
    private static void Change(string command, Action change)
    {
        try
        {
            change();
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException($"{command}: {OptionRules.RuleOf(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandLineException($"{command}: {e.Message}", e);
        }
    }
}
