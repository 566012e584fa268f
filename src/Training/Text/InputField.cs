namespace Training.Text;

/// <summary>
/// One field of an input model (<c>PersonInput</c>, <c>CourseInput</c>), declared once in its model's list of fields: its
/// property name (the form's binding name and the audit's stored key), its name for people (Japanese; the site's
/// resources hold the English) and its value as a form carries it. The list drives what "changed by someone else" names,
/// what a correction form carries back as it was opened, and how the audit and messages name a field.
/// </summary>
public sealed record InputField<TInput>(string Name, string Label, Func<TInput, string?> Value)
{
    /// <summary>Whether two versions differ in this field as people see it: spaces around a value and empty or missing are no change.</summary>
    public bool Differs(TInput a, TInput b) => !string.Equals((Value(a) ?? "").Trim(), (Value(b) ?? "").Trim(), StringComparison.Ordinal);
}

public static class InputFields
{
    /// <summary>The names of the fields in which two versions differ, in the list's order.</summary>
    public static IReadOnlyList<string> Differing<TInput>(IEnumerable<InputField<TInput>> fields, TInput a, TInput b) =>
        fields.Where(f => f.Differs(a, b)).Select(f => f.Name).ToList();

    /// <summary>Each field's name for people, by its property name.</summary>
    public static IReadOnlyDictionary<string, string> Labels<TInput>(IEnumerable<InputField<TInput>> fields) =>
        fields.ToDictionary(f => f.Name, f => f.Label);
}
