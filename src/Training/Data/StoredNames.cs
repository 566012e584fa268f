namespace Training.Data;

/// <summary>
/// How an enum value is stored: by name, as every entity configuration maps enums (HasConversion&lt;string&gt;).
/// Hand-written SQL asks here rather than calling ToString itself, so the mapping lives in one place.
/// </summary>
public static class StoredNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();
}
