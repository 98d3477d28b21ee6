#pragma once
#include <opencv2/core.hpp>
#include <vector>

namespace sp {

struct Region {
    cv::RotatedRect rect;   // in image coordinates
    int color;              // sp_color
    float score;
};

// Plate-shaped regions of a plate colour (blue, yellow, green, white) with dense vertical edges, best first.
std::vector<Region> locate_plates(const cv::Mat& bgr, int max_regions);

// The plate colour that dominates a straightened crop.
int classify_color(const cv::Mat& crop_bgr);

// The rotated rect's region, widened by the margins the reader was trained with, warped to size.
cv::Mat straighten(const cv::Mat& bgr, const cv::RotatedRect& rect, cv::Size size, cv::Point2f corners[4]);

}  // namespace sp
