using System.Reflection;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Training.Tests.Infrastructure.LongestFirst", "Training.Tests")]

namespace Training.Tests.Infrastructure;

/// <summary>
/// Starts the longest test classes first. xunit runs four classes at a time (xunit.runner.json), each class's tests one
/// after another, and starts the next class only when one ends; in its own order (a hash of the names) a class of twenty
/// requests or a minute-long test could start last and run on alone while the other threads had nothing left to do.
/// Longest first leaves the short classes to fill the end. A class's length is guessed, not kept in a list of
/// timings: its number of tests, ten times as much where its tests run on an app (held or started in a test), and first
/// of all where the class says it is long (<see cref="LongRunningAttribute"/>: one test that takes a minute).
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var collections = testCollections.ToList();
        var classes = typeof(LongestFirst).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract).ToList();
        // Ties keep the order the classes were found in, so the order stays the same from run to run.
        return collections.Select((collection, index) => (collection, index, weight: Weight(collection, classes)))
            .OrderByDescending(c => c.weight).ThenBy(c => c.index).Select(c => c.collection).ToList();
    }

    /// <summary>The test cases of the collection's classes (each inline row of a theory counted).</summary>
    private static int Weight(ITestCollection collection, IReadOnlyList<Type> classes)
    {
        // A class without [Collection] is a collection of its own, named after it; a defined one is named by its attribute.
        var members = classes.Where(t => CollectionName(t) is { } name
            ? name == collection.DisplayName
            : collection.DisplayName == $"Test collection for {t.FullName}"
              || collection.DisplayName.StartsWith($"Test collection for {t.FullName} ", StringComparison.Ordinal));
        return members.Sum(t => t.IsDefined(typeof(LongRunningAttribute)) ? 100_000 : Cases(t) * (HoldsAnApp(t) ? 10 : 1));
    }

    /// <summary>
    /// Whether the class's tests run on an app: one it holds (a field, or a fixture it is given), or one a test starts
    /// itself (<c>new TrainingApp(…)</c> in its code, async bodies included).
    /// </summary>
    private static bool HoldsAnApp(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => IsApp(f.FieldType))
        || type.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => IsApp(p.ParameterType))
        || StartsAnApp(type);

    private static bool StartsAnApp(Type type)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var bodies = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
        foreach (var method in bodies)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            // newobj (0x73) and its constructor's token; a 0x73 that is not an instruction names nothing that resolves here.
            for (var i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] != 0x73) continue;
                try
                {
                    if (type.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1))?.DeclaringType == typeof(TrainingApp)) return true;
                }
                catch (Exception e) when (e is ArgumentException or BadImageFormatException)
                {
                }
            }
        }
        return type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Any(StartsAnApp);
    }

    private static bool IsApp(Type type) =>
        typeof(TrainingApp).IsAssignableFrom(type) || typeof(SharedApp).IsAssignableFrom(type) || typeof(SharedMailApp).IsAssignableFrom(type);

    private static string? CollectionName(Type type) => type.GetCustomAttributesData()
        .FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments.FirstOrDefault().Value as string;

    private static int Cases(Type type) => type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
        .Sum(m => Math.Max(1, m.GetCustomAttributes<InlineDataAttribute>().Count() + m.GetCustomAttributes<MemberDataAttribute>().Count()));
}

/// <summary>A test class whose few tests take long (a minute on a loaded machine): started before all others.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute
{
}
