#!/usr/bin/env python3
"""Reference values for tests/Eggroll.Tests/Rl/EnvironmentDynamicsTests.cs.

Steps each classic-control environment from the fixed states and actions the tests use, in double
precision, from the published Gymnasium equations (written out here from those equations), and
prints the states after each step and the rewards. Standard library only:

    python3 tests/Eggroll.Tests/Rl/reference/gym_dynamics.py
"""

import math


def cartpole(state, actions):
    gravity, cart_mass, pole_mass, half_length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = cart_mass + pole_mass
    pole_moment = pole_mass * half_length
    x, x_dot, theta, theta_dot = state
    states = []
    for action in actions:
        force = force_mag if action == 1 else -force_mag
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + pole_moment * theta_dot * theta_dot * sin) / total_mass
        theta_acc = (gravity * sin - cos * temp) / (
            half_length * (4.0 / 3.0 - pole_mass * cos * cos / total_mass))
        x_acc = temp - pole_moment * theta_acc * cos / total_mass
        # Explicit Euler: positions move with the old velocities.
        x, x_dot = x + tau * x_dot, x_dot + tau * x_acc
        theta, theta_dot = theta + tau * theta_dot, theta_dot + tau * theta_acc
        states.append([x, x_dot, theta, theta_dot])
    return states, [1.0] * len(actions)


def normalize_angle(angle):
    return ((angle + math.pi) % (2 * math.pi)) - math.pi


def pendulum(state, actions):
    max_speed, max_torque, dt, g, m, length = 8.0, 2.0, 0.05, 10.0, 1.0, 1.0
    theta, theta_dot = state
    states, rewards = [], []
    for action in actions:
        u = min(max(action, -max_torque), max_torque)
        cost = normalize_angle(theta) ** 2 + 0.1 * theta_dot ** 2 + 0.001 * u ** 2
        theta_dot = theta_dot + (3 * g / (2 * length) * math.sin(theta) + 3.0 / (m * length ** 2) * u) * dt
        theta_dot = min(max(theta_dot, -max_speed), max_speed)
        theta = theta + theta_dot * dt
        states.append([theta, theta_dot])
        rewards.append(-cost)
    return states, rewards


def acrobot_derivatives(s, torque):
    m1 = m2 = 1.0
    l1, lc1, lc2, i1, i2, g = 1.0, 0.5, 0.5, 1.0, 1.0, 9.8
    theta1, theta2, dtheta1, dtheta2 = s
    d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * math.cos(theta2)) + i1 + i2
    d2 = m2 * (lc2 ** 2 + l1 * lc2 * math.cos(theta2)) + i2
    phi2 = m2 * lc2 * g * math.cos(theta1 + theta2 - math.pi / 2)
    phi1 = (-m2 * l1 * lc2 * dtheta2 ** 2 * math.sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * math.sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * math.cos(theta1 - math.pi / 2) + phi2)
    # The "book" variant of the second link's acceleration (Sutton & Barto).
    ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * math.sin(theta2) - phi2) / (
        m2 * lc2 ** 2 + i2 - d2 ** 2 / d1)
    ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return [dtheta1, dtheta2, ddtheta1, ddtheta2]


def wrap(x, low, high):
    width = high - low
    while x > high:
        x -= width
    while x < low:
        x += width
    return x


def acrobot(state, actions):
    dt = 0.2
    torques = [-1.0, 0.0, 1.0]
    s = list(state)
    states, rewards = [], []
    for action in actions:
        torque = torques[action]

        def f(y):
            return acrobot_derivatives(y, torque)

        # One classical Runge-Kutta step over [0, dt].
        k1 = f(s)
        k2 = f([a + dt / 2 * b for a, b in zip(s, k1)])
        k3 = f([a + dt / 2 * b for a, b in zip(s, k2)])
        k4 = f([a + dt * b for a, b in zip(s, k3)])
        s = [a + dt / 6 * (b1 + 2 * b2 + 2 * b3 + b4) for a, b1, b2, b3, b4 in zip(s, k1, k2, k3, k4)]
        s[0] = wrap(s[0], -math.pi, math.pi)
        s[1] = wrap(s[1], -math.pi, math.pi)
        s[2] = min(max(s[2], -4 * math.pi), 4 * math.pi)
        s[3] = min(max(s[3], -9 * math.pi), 9 * math.pi)
        terminal = -math.cos(s[0]) - math.cos(s[1] + s[0]) > 1.0
        states.append(list(s))
        rewards.append(0.0 if terminal else -1.0)
    return states, rewards


def mountain_car(state, actions, continuous):
    min_position, max_position, max_speed, gravity = -1.2, 0.6, 0.07, 0.0025
    position, velocity = state
    states, rewards = [], []
    for action in actions:
        if continuous:
            push = min(max(action, -1.0), 1.0) * 0.0015
        else:
            push = (action - 1) * 0.001
        velocity += push - gravity * math.cos(3 * position)
        velocity = min(max(velocity, -max_speed), max_speed)
        position = min(max(position + velocity, min_position), max_position)
        if position == min_position and velocity < 0:
            velocity = 0.0
        states.append([position, velocity])
        if continuous:
            goal = position >= 0.45 and velocity >= 0
            rewards.append((100.0 if goal else 0.0) - 0.1 * action ** 2)
        else:
            rewards.append(-1.0)
    return states, rewards


def report(name, result):
    states, rewards = result
    print(name)
    for s in states:
        print("    [" + ", ".join(repr(v) for v in s) + "],")
    print("    rewards: " + ", ".join(repr(r) for r in rewards))


if __name__ == "__main__":
    report("CartPole from [0.01, -0.02, 0.03, 0.04], actions 1, 0, 1", cartpole([0.01, -0.02, 0.03, 0.04], [1, 0, 1]))
    report("Pendulum from [3.0, -0.5], torques 1.5, -3, 0.2 (states: theta, theta_dot)", pendulum([3.0, -0.5], [1.5, -3.0, 0.2]))
    report("Acrobot from [0.05, -0.03, 0.02, 0.01], actions 2, 0, 1 (states: theta1, theta2, dtheta1, dtheta2)",
           acrobot([0.05, -0.03, 0.02, 0.01], [2, 0, 1]))
    report("MountainCar from [-0.5, 0.0], actions 2, 2, 0", mountain_car([-0.5, 0.0], [2, 2, 0], continuous=False))
    report("MountainCarContinuous from [-0.5, 0.0], actions 0.5, -2, 1",
           mountain_car([-0.5, 0.0], [0.5, -2.0, 1.0], continuous=True))
