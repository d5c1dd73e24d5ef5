# richards-like: an operating-system task scheduler (tasks, priorities, packets on linked queues), the shape of pyperformance's richards.
# Our own program: a scheduler runs the highest-priority ready task; tasks pass packets to each other,
# a worker fills packets, handlers hand them to devices, an idle task wakes the devices up.

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
DATA_SIZE = 4


class Packet:
    def __init__(self, link, owner, kind):
        self.link = link          # the next packet in a queue
        self.owner = owner        # the task the packet belongs to now
        self.kind = kind
        self.count = 0
        self.data = [0] * DATA_SIZE

    def append_to(self, queue):
        """Puts this packet at the end of queue (a linked list) and returns the queue's head."""
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Task:
    def __init__(self, scheduler, ident, priority, queue):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.held = False
        self.waiting = queue is None
        scheduler.add(self)

    def ready(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take_packet(self):
        packet = self.queue
        if packet is not None:
            self.queue = packet.link
        return packet

    def receive(self, packet):
        """A packet arrives: queue it; a waiting task becomes runnable."""
        self.queue = packet.append_to(self.queue)
        self.waiting = False


class IdleTask(Task):
    def __init__(self, scheduler, rounds):
        super().__init__(scheduler, IDLE, 0, None)
        self.waiting = False
        self.rounds = rounds
        self.seed = 1

    def step(self, packet):
        self.rounds -= 1
        if self.rounds == 0:
            return None
        self.seed = (self.seed * 75 + 74) % 65537
        device = DEVICE_A if self.seed & 1 else DEVICE_B
        self.scheduler.release(device)
        return self


class WorkerTask(Task):
    def __init__(self, scheduler, queue):
        super().__init__(scheduler, WORKER, 1000, queue)
        self.destination = HANDLER_A
        self.letter = 0

    def step(self, packet):
        if packet is None:
            self.waiting = True
            return self
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.count = 0
        for i in range(DATA_SIZE):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        return self.scheduler.send(packet, self.destination)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, priority, queue, device):
        super().__init__(scheduler, ident, priority, queue)
        self.device = device
        self.work = None          # work packets waiting for a device
        self.devices_free = []    # device packets ready to carry one datum

    def step(self, packet):
        if packet is not None:
            if packet.kind == "work":
                self.work = packet.append_to(self.work)
            else:
                self.devices_free.append(packet)
        work = self.work
        if work is not None and self.devices_free:
            if work.count < DATA_SIZE:
                device_packet = self.devices_free.pop(0)
                device_packet.count = work.data[work.count]
                work.count += 1
                return self.scheduler.send(device_packet, self.device)
            self.work = work.link
            return self.scheduler.send(work, WORKER)
        self.waiting = True
        return self


class DeviceTask(Task):
    def __init__(self, scheduler, ident, priority):
        super().__init__(scheduler, ident, priority, None)
        self.pending = None

    def step(self, packet):
        if packet is None:
            if self.pending is None:
                self.waiting = True
                return self
            done, self.pending = self.pending, None
            return self.scheduler.send(done, HANDLER_A if self.ident == DEVICE_A else HANDLER_B)
        self.pending = packet
        self.scheduler.output.append(packet.count)
        self.held = True
        return self


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.order = []           # tasks by falling priority
        self.sends = 0
        self.holds = 0
        self.output = []

    def add(self, task):
        self.tasks[task.ident] = task
        self.order.append(task)
        self.order.sort(key=lambda t: -t.priority)

    def send(self, packet, destination):
        self.sends += 1
        packet.owner = destination
        self.tasks[destination].receive(packet)
        return self.tasks[destination]

    def release(self, ident):
        self.holds += 1
        self.tasks[ident].held = False

    def run(self):
        steps = 0
        while True:
            runnable = [t for t in self.order if t.ready()]
            if not runnable:
                return steps
            task = runnable[0]
            packet = task.take_packet() if task.queue is not None else None
            steps += 1
            if task.step(packet) is None:
                return steps


def richards(rounds):
    s = Scheduler()
    IdleTask(s, rounds)
    work = Packet(Packet(None, WORKER, "work"), WORKER, "work")
    WorkerTask(s, work)
    queue_a = Packet(Packet(Packet(None, DEVICE_A, "device"), DEVICE_A, "device"), DEVICE_A, "device")
    HandlerTask(s, HANDLER_A, 2000, queue_a, DEVICE_A)
    queue_b = Packet(Packet(Packet(None, DEVICE_B, "device"), DEVICE_B, "device"), DEVICE_B, "device")
    HandlerTask(s, HANDLER_B, 3000, queue_b, DEVICE_B)
    DeviceTask(s, DEVICE_A, 4000)
    DeviceTask(s, DEVICE_B, 5000)
    steps = s.run()
    return steps, s.sends, s.holds, sum(s.output), len(s.output)


for rounds in (10, 100, 500):
    print(rounds, richards(rounds))
