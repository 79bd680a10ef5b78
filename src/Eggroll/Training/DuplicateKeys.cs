using System.Text.Json;

namespace Eggroll.Training;

/// <summary>Finds a key given twice in one JSON object, which a parser would otherwise resolve silently or reject without naming it.</summary>
internal static class DuplicateKeys
{
    /// <summary>The dotted path of the first repeated key in the (valid) JSON <paramref name="json"/>, or null if none is repeated.</summary>
    public static string? FindFirst(string json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), options);
        var scopes = new Stack<(HashSet<string>? Keys, string Path)>();
        string next = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scopes.Push((new HashSet<string>(StringComparer.Ordinal), next));
                    break;
                case JsonTokenType.StartArray:
                    scopes.Push((null, next));
                    next += "[]";
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.Pop();
                    next = scopes.TryPeek(out var outer) && outer.Keys is null ? outer.Path + "[]" : "";
                    break;
                case JsonTokenType.PropertyName:
                    var (keys, path) = scopes.Peek();
                    string key = reader.GetString()!;
                    next = path.Length == 0 ? key : $"{path}.{key}";
                    if (!keys!.Add(key))
                    {
                        return next;
                    }

                    break;
            }
        }

        return null;
    }
}
