namespace SmartParking.Web.People;

/// <summary>Owners and visitors over the API, under one group.</summary>
public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api").WithTags("People");
        OwnerEndpoints.Map(people);
        OwnerAdminEndpoints.Map(people);
        VisitorEndpoints.Map(people);
        return app;
    }
}
