namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Stripe's form encoding read back into a tree: <c>card[number]=…</c> becomes an object, <c>expand[]=…</c> and
/// <c>expand[0]=…</c> a list. Leaves are strings, inner nodes <see cref="Dictionary{TKey,TValue}"/> or <see cref="List{T}"/>.</summary>
internal static class FormTree
{
    public static Dictionary<string, object> Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            var segments = Segments(key);
            object container = root;
            for (var i = 0; i < segments.Count; i++)
            {
                var last = i == segments.Count - 1;
                var nextIsList = !last && IsListIndex(segments[i + 1]);
                object Fresh() => last ? value : nextIsList ? new List<object>() : new Dictionary<string, object>(StringComparer.Ordinal);
                container = container switch
                {
                    Dictionary<string, object> map => map.TryGetValue(segments[i], out var existing) && !last ? existing : map[segments[i]] = Fresh(),
                    List<object> list => ListSlot(list, segments[i], Fresh),
                    // "a=1&a[b]=2": Stripe refuses the mix; keeping the first shape lets validation report it.
                    _ => new Dictionary<string, object>(),
                };
            }
        }
        return root;
    }

    static object ListSlot(List<object> list, string segment, Func<object> fresh)
    {
        if (segment.Length == 0 || !int.TryParse(segment, out var index) || index >= list.Count)
        {
            var item = fresh();
            list.Add(item);
            return item;
        }
        return list[index] is string ? list[index] = fresh() : list[index];
    }

    static bool IsListIndex(string segment) => segment.Length == 0 || segment.All(char.IsAsciiDigit);

    static List<string> Segments(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0) return [key];
        var segments = new List<string> { key[..open] };
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0) break;
            segments.Add(key[(open + 1)..close]);
            open = close + 1 < key.Length && key[close + 1] == '[' ? close + 1 : -1;
        }
        return segments;
    }
}
