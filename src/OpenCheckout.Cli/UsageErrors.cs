using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OpenCheckout.Cli;

/// <summary>A command line that does not parse, told in words: "--unit-amount must be a whole number, got 'abc'." rather than
/// System.CommandLine's "as expected type 'System.Int64'", and a pointer to the command's <c>--help</c> rather than the whole
/// help under the error, where the error scrolls out of sight.</summary>
static class UsageErrors
{
    public static void Write(ParseResult parsed, TextWriter error)
    {
        foreach (var message in parsed.Errors.Select(Describe).Distinct()) error.WriteLine($"Error: {message}");
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        if (command.Subcommands.Count > 0)
            error.WriteLine($"'{path}' takes one of these commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.");
        error.WriteLine($"Run '{path} --help' for its options.");
    }

    static string Describe(ParseError error)
    {
        var (name, valueType, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, o.Option.ValueType, a.Tokens),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
            _ => (null, null, null),
        };
        if (name is null || valueType is null || tokens is null) return error.Message;
        var type = valueType.IsArray ? valueType.GetElementType()! : Nullable.GetUnderlyingType(valueType) ?? valueType;
        // Only a value that does not convert is reworded; other errors (a missing value, too many) say it well already.
        foreach (var token in tokens)
        {
            var value = token.Value;
            if (type == typeof(int) && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                || type == typeof(long) && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                var digits = value.TrimStart('-') is { Length: > 0 } unsigned && unsigned.All(char.IsAsciiDigit);
                return digits ? $"{name} is out of range, got '{value}'." : $"{name} must be a whole number, got '{value}'.";
            }
            if (type == typeof(bool) && !bool.TryParse(value, out _)) return $"{name} must be true or false, got '{value}'.";
        }
        return error.Message;
    }

    static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
            if (at is CommandResult command) names.Add(command.Command is RootCommand ? "opencheckout" : command.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
