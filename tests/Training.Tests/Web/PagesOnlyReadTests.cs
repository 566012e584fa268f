using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// Pages and the API only read: every write is one call to a service in its feature folder, which keeps the rules and
/// audits the change. This reads the page models' source with the compiler (so it knows what each name is) and fails,
/// naming file and line, where one takes the unit of work, adds, removes, attaches, updates or saves through
/// <see cref="TrainingDbContext"/> or its sets, runs a bulk update, delete or SQL, or sets a property of an entity.
/// </summary>
public sealed class PagesOnlyReadTests
{
    private static readonly HashSet<string> ContextWrites =
    [
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange", "Attach", "AttachRange",
        "SaveChanges", "SaveChangesAsync",
    ];

    private static readonly HashSet<string> BulkWrites =
    [
        "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
        "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync",
    ];

    [Fact]
    public void No_page_or_api_endpoint_writes_to_the_database_or_sets_an_entity_s_property()
    {
        var writes = Found.Value.Select(w => w.ToString()).ToList();

        Assert.True(writes.Count == 0, "Pages only read; a write is one call to a service in its feature folder:\n" + string.Join("\n", writes));
    }

    private sealed record Write(string File, int Line, string What)
    {
        public override string ToString() => $"src/Training.Web/{File}:{Line}: {What}";
    }

    // Compiled once for both tests: the whole web project takes some seconds.
    private static readonly Lazy<List<Write>> Found = new(Writes);

    private static List<Write> Writes()
    {
        var web = Path.Combine(RepositoryPaths.Root, "src", "Training.Web");
        // The whole web project, so every name in a page binds (its helpers, hosting, staff scope), not Training.Web.dll.
        var files = Directory.GetFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar) is not ["bin" or "obj", ..]).Order().ToList();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).Append(CSharpSyntaxTree.ParseText(GlobalUsings, options)).ToList();
        var compilation = CSharpCompilation.Create("PagesOnlyRead", trees, References(),
            // Nullable analysis off: the guard reads symbols, never nullability, and the analysis doubled the binding's cost.
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable));
        var entities = EntityTypeNames();
        var writes = new List<Write>();
        var unbound = new List<string>();
        var pages = new[] { "Pages", "Api" }.Select(folder => Path.Combine(web, folder) + Path.DirectorySeparatorChar).ToList();
        foreach (var tree in trees.Where(t => pages.Any(p => t.FilePath.StartsWith(p, StringComparison.Ordinal))))
        {
            var model = compilation.GetSemanticModel(tree);
            var file = Path.GetRelativePath(web, tree.FilePath).Replace('\\', '/');
            void Found(SyntaxNode node, string what) => writes.Add(new(file, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, what));
            // A call or an assigned name that does not bind (the pages not compiling on their own) would leave a write
            // unseen: the guard says so rather than passing. (Checked here, where the walk binds them anyway: asking the
            // compiler for every page's diagnostics bound each page twice, which was two thirds of this test's time.)
            void MustBind(ExpressionSyntax expression)
            {
                if (model.GetTypeInfo(expression).Type is null or { TypeKind: TypeKind.Error })
                    unbound.Add($"src/Training.Web/{file}:{expression.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {expression}");
            }

            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case IdentifierNameSyntax name when name.Identifier.Text == nameof(UnitOfWork)
                                                        && model.GetSymbolInfo(name).Symbol is INamedTypeSymbol type && IsType(type, typeof(UnitOfWork)):
                        Found(node, "takes the unit of work");
                        break;
                    case InvocationExpressionSyntax call:
                        MustBind(call);
                        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method) break;
                        if (BulkWrites.Contains(method.Name) && (method.ReducedFrom ?? method).ContainingNamespace.ToDisplayString().StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
                            Found(node, $"runs {method.Name} on the database");
                        else if (ContextWrites.Contains(method.Name) && IsContextOrSet(method.ContainingType))
                            Found(node, $"calls {method.ContainingType.Name}.{method.Name}");
                        break;
                    case AssignmentExpressionSyntax assignment:
                        MustBind(assignment.Left);
                        if (EntityAssigned(model, assignment.Left, entities) is { } entity) Found(node, $"sets {entity}.{PropertyName(assignment.Left)}");
                        break;
                    case PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax when node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression)
                                                                                         || node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression):
                        var operand = node is PostfixUnaryExpressionSyntax post ? post.Operand : ((PrefixUnaryExpressionSyntax)node).Operand;
                        if (EntityAssigned(model, operand, entities) is { } counted) Found(node, $"changes {counted}.{PropertyName(operand)}");
                        break;
                }
            }
        }
        Assert.True(unbound.Count == 0, "The pages did not compile on their own, so the guard cannot see them:\n" + string.Join("\n", unbound.Take(20)));
        return writes;
    }

    /// <summary>The entity whose property or field <paramref name="target"/> is (x.Name, or Name inside new Course { … }); null for anything else.</summary>
    private static string? EntityAssigned(SemanticModel model, ExpressionSyntax target, HashSet<string> entities)
    {
        if (model.GetSymbolInfo(target).Symbol is not (IPropertySymbol or IFieldSymbol) || model.GetSymbolInfo(target).Symbol!.IsStatic) return null;
        var owner = target switch
        {
            MemberAccessExpressionSyntax member => model.GetTypeInfo(member.Expression).Type,
            IdentifierNameSyntax when target.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                => model.GetTypeInfo(creation).Type,
            _ => null,
        };
        for (var type = owner; type is not null; type = type.BaseType)
            if (entities.Contains(type.ToDisplayString())) return type.Name;
        return null;
    }

    private static string PropertyName(ExpressionSyntax target) => target switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.Text,
        IdentifierNameSyntax name => name.Identifier.Text,
        _ => target.ToString(),
    };

    private static bool IsContextOrSet(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
            if (type.ContainingNamespace.ToDisplayString() == "Microsoft.EntityFrameworkCore" && type.Name is "DbContext" or "DbSet") return true;
        return false;
    }

    private static bool IsType(ITypeSymbol symbol, Type type) => symbol.ToDisplayString() == type.FullName;

    /// <summary>The classes of <c>src/Training</c> that EF Core maps: the ones only their own methods may change.</summary>
    private static HashSet<string> EntityTypeNames()
    {
        using var db = new TrainingDbContext(new DbContextOptionsBuilder<TrainingDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model.GetEntityTypes().Select(e => e.ClrType).Where(t => t.Assembly == typeof(TrainingDbContext).Assembly)
            .Select(t => t.FullName!.Replace('+', '.')).ToHashSet();
    }

    /// <summary>Everything the running tests load (the framework, ASP.NET Core, EF Core, Training) but the web project itself.</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        .Where(f => File.Exists(f) && Path.GetFileName(f) != "Training.Web.dll").DistinctBy(Path.GetFileName).Select(f => MetadataReference.CreateFromFile(f));

    /// <summary>The implicit usings of the web SDK, which Training.Web's own build adds.</summary>
    private const string GlobalUsings = """
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
