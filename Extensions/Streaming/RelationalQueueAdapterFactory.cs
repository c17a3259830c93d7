using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Builds the pieces Orleans' persistent-stream machinery asks for: the adapter (writes), one receiver per queue
/// (reads), a hash-ring queue mapper over <see cref="RelationalStreamOptions.QueueCount"/> queues, Orleans'
/// <see cref="SimpleQueueAdapterCache"/> and a failure handler that logs.
/// </summary>
internal sealed class RelationalQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string _name;
    private readonly RelationalStreamOptions _options;
    private readonly RelationalStreamStore _store;
    private readonly Serializer<RelationalBatchContainer> _serializer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HashRingBasedStreamQueueMapper _queueMapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly RelationalStreamFailureHandler _failureHandler;

    public RelationalQueueAdapterFactory(
        string name,
        RelationalStreamOptions options,
        RelationalStreamStore store,
        Serializer<RelationalBatchContainer> serializer,
        ILoggerFactory loggerFactory)
    {
        _name = name;
        _options = options;
        _store = store;
        _serializer = serializer;
        _loggerFactory = loggerFactory;
        _queueMapper = store.QueueMapper;
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggerFactory);
        _failureHandler = new RelationalStreamFailureHandler(loggerFactory.CreateLogger<RelationalStreamFailureHandler>());
    }

    /// <summary>The factory method <c>AddPersistentStreams</c> calls, per provider name.</summary>
    public static RelationalQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IOptionsMonitor<RelationalStreamOptions>>().Get(name),
        services.GetRequiredKeyedService<RelationalStreamStore>(name),
        services.GetRequiredService<Serializer<RelationalBatchContainer>>(),
        services.GetRequiredService<ILoggerFactory>());

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        Task.FromResult<IQueueAdapter>(new RelationalQueueAdapter(_name, _store, _queueMapper, _serializer, CreateReceiver));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _queueMapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failureHandler);

    private RelationalQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new(queueId, _store, _options, _serializer, _loggerFactory.CreateLogger<RelationalQueueAdapterReceiver>());
}
