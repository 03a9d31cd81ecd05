"""posecoach: a pose-checking coach for hip-strengthening exercises.

Data flows one way:
``source -> pose -> kinematics -> exercise checker -> events -> sinks``.
"""

__version__ = "0.1.0"
