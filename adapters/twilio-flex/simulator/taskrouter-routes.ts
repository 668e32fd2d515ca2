import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FaultInjector } from '@byosd/simulators';
import { underFault } from './faulty-request.js';
import type { FlexBackend, TaskStatus } from './flex-backend.js';
import { taskJson } from './resource-json.js';
import { formValue, pageOf, parseParams, publicRequestUrl, TwilioApiError, type TwilioHost } from './twilio-rest.js';

export const TASKROUTER_PREFIX = '/taskrouter';
const TASKROUTER_HOST: TwilioHost = { prefix: TASKROUTER_PREFIX, origin: 'https://taskrouter.twilio.com' };

/** How many workers are available when agents are online. */
const WORKERS_ONLINE = 3;
const WORKERS_ELIGIBLE = 5;

const queueParams = z.object({ workspaceSid: z.string(), taskQueueSid: z.string() });
const workspaceParams = z.object({ workspaceSid: z.string() });
const taskParams = workspaceParams.extend({ taskSid: z.string() });
const tasksQuery = z.looseObject({
  AssignmentStatus: formValue.optional(),
  TaskQueueSid: formValue.optional(),
  Ordering: formValue.pipe(z.enum(['DateCreated:asc', 'DateCreated:desc'])).optional(),
});

/**
 * TaskRouter (`https://taskrouter.twilio.com`), served under `/taskrouter`: the queue's real-time and cumulative
 * statistics, and its tasks. The figures follow the agent driver: `setAgentsOnline` moves the available workers
 * (null: TaskRouter answers null), `setQueue` the tasks ahead and the average acceptance time.
 */
export function taskRouterRoutes(backend: FlexBackend, injector: FaultInjector): (scope: FastifyInstance) => void {
  return (scope) => {
    const checkWorkspace = (workspaceSid: string) => {
      if (workspaceSid !== backend.workspaceSid) throw new TwilioApiError(404, 20404, `The requested resource /Workspaces/${workspaceSid} was not found`);
    };
    const queue = (request: FastifyRequest) => {
      const { workspaceSid, taskQueueSid } = parseParams(queueParams, request.params);
      checkWorkspace(workspaceSid);
      if (taskQueueSid !== backend.taskQueueSid) throw new TwilioApiError(404, 20404, `The requested resource /TaskQueues/${taskQueueSid} was not found`);
    };
    const count = (status: TaskStatus) => backend.tasks.filter((task) => task.status === status).length;

    scope.get('/v1/Workspaces/:workspaceSid/TaskQueues/:taskQueueSid/RealTimeStatistics', async (request, reply) => {
      queue(request);
      return underFault(injector, 'availability', reply, () => {
        const online = backend.agentsOnline;
        const pending = backend.tasks.filter((task) => task.status === 'pending');
        const oldest = pending.reduce<number | null>((age, task) => Math.max(age ?? 0, Math.floor((Date.now() - task.dateCreated.getTime()) / 1000)), null);
        return {
          account_sid: backend.accountSid,
          workspace_sid: backend.workspaceSid,
          task_queue_sid: backend.taskQueueSid,
          total_available_workers: online === null ? null : online ? WORKERS_ONLINE : 0,
          total_eligible_workers: online === null ? null : WORKERS_ELIGIBLE,
          total_tasks: backend.tasks.filter((task) => task.status !== 'completed' && task.status !== 'canceled').length,
          longest_task_waiting_age: oldest ?? 0,
          tasks_by_status: { pending: count('pending'), reserved: count('reserved'), assigned: count('assigned'), wrapping: count('wrapping') },
          url: publicRequestUrl(TASKROUTER_HOST, request).split('?')[0],
        };
      });
    });

    scope.get('/v1/Workspaces/:workspaceSid/TaskQueues/:taskQueueSid/CumulativeStatistics', async (request) => {
      queue(request);
      const average = backend.averageAcceptanceSeconds;
      return {
        account_sid: backend.accountSid,
        workspace_sid: backend.workspaceSid,
        task_queue_sid: backend.taskQueueSid,
        avg_task_acceptance_time: average === null ? null : Math.round(average),
        wait_duration_until_accepted: average === null ? null : { avg: Math.round(average), min: 0, max: Math.round(average * 2), total: 0 },
        tasks_entered: backend.tasks.length,
        tasks_canceled: count('canceled'),
        tasks_completed: count('completed'),
        url: publicRequestUrl(TASKROUTER_HOST, request).split('?')[0],
      };
    });

    const toJson = (task: (typeof backend.tasks)[number]) =>
      taskJson(task, backend.accountSid, backend.workspaceSid, backend.taskQueueSid, backend.workflowSid, TASKROUTER_HOST.origin);

    scope.get('/v1/Workspaces/:workspaceSid/Tasks', async (request) => {
      checkWorkspace(parseParams(workspaceParams, request.params).workspaceSid);
      const query = parseParams(tasksQuery, request.query);
      const statuses = query.AssignmentStatus?.split(',');
      let tasks = backend.tasks.filter(
        (task) => (!statuses || statuses.includes(task.status)) && (!query.TaskQueueSid || query.TaskQueueSid === backend.taskQueueSid),
      );
      tasks = [...tasks].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
      if (query.Ordering === 'DateCreated:desc') tasks.reverse();
      return pageOf(request, TASKROUTER_HOST, 'tasks', tasks.map(toJson));
    });

    scope.get('/v1/Workspaces/:workspaceSid/Tasks/:taskSid', async (request) => {
      const { workspaceSid, taskSid } = parseParams(taskParams, request.params);
      checkWorkspace(workspaceSid);
      const task = backend.tasks.find((candidate) => candidate.sid === taskSid);
      if (!task) throw new TwilioApiError(404, 20404, `The requested resource /Tasks/${taskSid} was not found`);
      return toJson(task);
    });
  };
}
