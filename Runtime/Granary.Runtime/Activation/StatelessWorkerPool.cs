using Granary.Invocation;

namespace Granary.Activation;

/// <summary>
/// The local activations of one [StatelessWorker] grain id. A call goes to an idle worker if there is
/// one, else to a new worker while under the cap, else to the worker with the shortest queue.
/// </summary>
internal sealed class StatelessWorkerPool(GrainId grainId, GrainClassInfo grainClass, ActivationEnvironment environment)
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _workers = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _workers.Count;
            }
        }
    }

    public ActivationData[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _workers];
        }
    }

    public void Dispatch(GrainRequest request)
    {
        while (true)
        {
            ActivationData target;
            var created = false;
            lock (_lock)
            {
                var idle = _workers.Find(w => w.QueueLength == 0);
                if (idle is not null)
                {
                    target = idle;
                }
                else if (_workers.Count < grainClass.MaxLocalWorkers)
                {
                    target = new ActivationData(grainId, grainClass, environment);
                    _workers.Add(target);
                    created = true;
                }
                else
                {
                    target = _workers.MinBy(w => w.QueueLength)!;
                }
            }

            if (created)
            {
                target.Start();
            }

            if (target.TryEnqueue(request))
            {
                return;
            }
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers.Remove(worker);
        }
    }
}
