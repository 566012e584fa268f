using System.Reflection;

namespace Training.Audit;

/// <summary>
/// The actions of <see cref="AuditAction"/> looked up by the code stored on a row: the log page's filter and labels.
/// </summary>
public static class AuditActions
{
    /// <summary>Every action, read from <see cref="AuditAction"/>'s members, so declaring one there is all it takes.</summary>
    public static readonly IReadOnlyList<AuditAction> All = typeof(AuditAction).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(AuditAction)).Select(f => (AuditAction)f.GetValue(null)!).ToList();

    // First one wins should two share a code (a test forbids it), so a slip never stops the log page.
    private static readonly Dictionary<string, AuditAction> ByCode = All.GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Each stored code with its label in Japanese.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = ByCode.ToDictionary(p => p.Key, p => p.Value.Label);

    /// <summary>The action a row records, or null for a code recorded before it was declared here.</summary>
    public static AuditAction? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The operation in words; a code not declared here shows itself.</summary>
    public static string Label(string code) => Find(code)?.Label ?? code;

    /// <summary>Every stored code of a kind (the filter's query).</summary>
    public static IReadOnlyList<string> ActionsOf(string kind) => All.Where(a => a.Kind.Code == kind).Select(a => a.Code).ToList();
}
