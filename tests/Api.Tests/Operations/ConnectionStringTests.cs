using Desktomy.Email.Application.Persistence;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Operations;

public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Username=app", true)]
    [InlineData("Host=db;Username=app;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=app;noresetonclose=false", false)]
    [InlineData("Host=db;Username=app;No Reset On Close=true", true)]
    public void connections_are_not_reset_on_return_unless_the_operator_says_so(string configured, bool expected)
    {
        var used = new NpgsqlConnectionStringBuilder(MartenSetup.WithoutConnectionReset(configured));

        Assert.Equal(expected, used.NoResetOnClose);
        Assert.Equal("db", used.Host);
        Assert.Equal("app", used.Username);
    }
}
