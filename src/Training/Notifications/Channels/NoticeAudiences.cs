using Training.Courses;
using Training.People;

namespace Training.Notifications.Channels;

public static class NoticeAudiences
{
    /// <summary>
    /// Who a notice to these people would reach and on which channel each (their route now), in the order given: what a
    /// confirmation shows before staff send it.
    /// </summary>
    public static async Task<Audience> AudienceAsync(this NoticeRouter router, IEnumerable<Person> people, CancellationToken cancellationToken = default)
    {
        var list = people.ToList();
        var routes = await router.RouteManyAsync(list, cancellationToken);
        return Audience.Of(list.Select(p => new Told(p.Id, p.FullName, routes[p.Id].Channel)));
    }
}
